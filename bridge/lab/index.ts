// Every lab server, in one list. A new server is a module of its own, added here.
import type { LabServerDef } from './server.js';
import { udpUpper } from './udp-upper.js';
import { tcpUpper } from './tcp-upper.js';
import { echoUdp } from './echo-udp.js';
import { echoTcp } from './echo-tcp.js';
import { echoIterative } from './echo-iterative.js';
import { echoConcurrent } from './echo-concurrent.js';
import { framedEcho } from './framed-echo.js';
import { gameServer } from './game.js';
import { httpApi } from './http-api.js';
import { pinger } from './pinger.js';

export const LAB_SERVERS: readonly LabServerDef[] = [
  udpUpper,
  tcpUpper,
  echoUdp,
  echoTcp,
  echoIterative,
  echoConcurrent,
  framedEcho,
  gameServer,
  httpApi,
  pinger,
];
