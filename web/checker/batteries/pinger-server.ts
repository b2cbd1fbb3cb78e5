// UDPPingerServer.py (lesson 9): answers pings in capitals and drops some.
import { PINGER_SERVER_CASES, PINGER_SERVER_PINGS } from '../pinger-server.js';
import { defineBattery } from './battery.js';

export default defineBattery({
  name: 'pinger-server',
  program: 'UDPPingerServer.py',
  kind: 'server',
  cases: PINGER_SERVER_CASES,
  // the pings go one after the other, each waiting at most a second
  budgetMs: (waitMs) => PINGER_SERVER_PINGS * Math.min(waitMs, 1000),
});
