// EchoServer.py (lesson 5): many lines on one connection, each echoed as it was.
import { ECHO_SERVER_CASES } from '../tcp-server.js';
import { defineBattery, threeAnswersEach } from './battery.js';

export default defineBattery({
  name: 'echo-server',
  program: 'EchoServer.py',
  kind: 'server',
  cases: ECHO_SERVER_CASES,
  budgetMs: threeAnswersEach(ECHO_SERVER_CASES),
});
