// UDPClient.py: one datagram arrives at the lab, which answers in capitals.
import { defineBattery } from './battery.js';

export default defineBattery({
  name: 'udp-client',
  program: 'UDPClient.py',
  kind: 'client',
  load: () => import('../clients.js').then((m) => m.checkUdpClient),
});
