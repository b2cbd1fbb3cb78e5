// Checks of the student's UDPPingerServer.py: it answers pings in capitals and drops some.
import { bytesOf, datagram, textOf, upper } from './probes.js';
import { fail, pass, type CheckCase } from './types.js';

/** How many pings the battery sends, each waiting up to a second for its answer. */
export const PINGER_SERVER_PINGS = 20;

export const PINGER_SERVER_CASES: CheckCase[] = [
  {
    id: 'pings',
    async run(ctx) {
      let answered = 0;
      let wrong: string | undefined;
      for (let i = 1; i <= PINGER_SERVER_PINGS; i++) {
        const text = `Ping ${i} ${Date.now() / 1000}`;
        const outcome = await datagram({ ...ctx, waitMs: Math.min(ctx.waitMs, 1000) }, bytesOf(text));
        if (!outcome.reply) continue;
        answered++;
        if (textOf(outcome.reply) !== upper(text)) wrong ??= textOf(outcome.reply);
      }
      if (answered === 0) return fail('pings', 'no-reply', { port: ctx.port, seconds: 1 });
      if (wrong !== undefined) return fail('pings', 'not-upper', { reply: wrong.slice(0, 40) });
      const lost = PINGER_SERVER_PINGS - answered;
      // the textbook server drops when randint(0, 10) < 4: about 36%; none lost means no simulated loss
      if (lost === 0) return fail('pings', 'never-drops', { count: PINGER_SERVER_PINGS });
      return pass('pings', 'ok-pinger', { answered, count: PINGER_SERVER_PINGS, lost });
    },
  },
];
