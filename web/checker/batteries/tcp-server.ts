// TCPServer.py: a connection per sentence, answered in capitals.
import { defineBattery, threeAnswersEach } from './battery.js';

export default defineBattery({
  name: 'tcp-server',
  program: 'TCPServer.py',
  kind: 'server',
  load: () => import('../tcp-server.js').then((m) => threeAnswersEach(m.TCP_SERVER_CASES)),
});
