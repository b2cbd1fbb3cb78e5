// UDPServer.py: answers each datagram in capitals, to its sender.
import { UDP_SERVER_CASES } from '../udp-server.js';
import { defineBattery, threeAnswersEach } from './battery.js';

export default defineBattery({
  name: 'udp-server',
  program: 'UDPServer.py',
  kind: 'server',
  cases: UDP_SERVER_CASES,
  budgetMs: threeAnswersEach(UDP_SERVER_CASES),
});
