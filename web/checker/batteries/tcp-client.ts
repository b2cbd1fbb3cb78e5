// TCPClient.py: connects to the lab, sends a sentence, reads the capitals.
import { defineBattery } from './battery.js';

export default defineBattery({
  name: 'tcp-client',
  program: 'TCPClient.py',
  kind: 'client',
  load: () => import('../clients.js').then((m) => m.checkTcpClient),
});
