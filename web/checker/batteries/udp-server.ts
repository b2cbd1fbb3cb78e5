// UDPServer.py: answers each datagram in capitals, to its sender.
import { defineBattery, threeAnswersEach } from './battery.js';

export default defineBattery({
  name: 'udp-server',
  program: 'UDPServer.py',
  kind: 'server',
  load: () => import('../udp-server.js').then((m) => threeAnswersEach(m.UDP_SERVER_CASES)),
});
