// The persistent echo of lesson 5 over TCP, on the same port number as its UDP twin: loops
// recv()/send() until the client closes, then closes. It serves every client at once, so a
// forgotten console never blocks the class; echo-iterative shows what happens otherwise.
import { concurrentEcho } from './echo-concurrent.js';

export const echoTcp = concurrentEcho('echo-tcp', 12001, 'echo over TCP: sends every chunk back until the client closes');
