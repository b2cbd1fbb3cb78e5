// UDPPingerServer.py (lesson 9): answers pings in capitals and drops some.
import { defineBattery } from './battery.js';

export default defineBattery({
  name: 'pinger-server',
  program: 'UDPPingerServer.py',
  kind: 'server',
  load: () =>
    import('../pinger-server.js').then((m) => ({
      cases: m.PINGER_SERVER_CASES,
      // the pings go one after the other, each waiting at most a second
      budgetMs: (waitMs: number) => m.PINGER_SERVER_PINGS * Math.min(waitMs, 1000),
    })),
});
