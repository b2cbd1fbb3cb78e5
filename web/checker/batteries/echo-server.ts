// EchoServer.py (lesson 5): many lines on one connection, each echoed as it was.
import { defineBattery, threeAnswersEach } from './battery.js';

export default defineBattery({
  name: 'echo-server',
  program: 'EchoServer.py',
  kind: 'server',
  load: () => import('../tcp-server.js').then((m) => threeAnswersEach(m.ECHO_SERVER_CASES)),
});
