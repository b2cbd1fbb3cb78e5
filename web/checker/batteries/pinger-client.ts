// UDPPingerClient.py (lesson 9): ten pings with a timeout, to a lab that drops some.
import { defineBattery } from './battery.js';

export default defineBattery({
  name: 'pinger-client',
  program: 'UDPPingerClient.py',
  kind: 'client',
  load: () => import('../clients.js').then((m) => m.checkPingerClient),
});
