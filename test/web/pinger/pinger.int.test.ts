// The page's pinger client, through the real bridge, over a lossy relay with a fixed seed.
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import { pingerBudgetMs, runPinger, summarize } from '../../../web/pinger/pinger.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';

let bridge: RunningBridge;
let lab: LabClient;
const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  lab = await bridge.connect();
  onTeardown(() => lab.close());
});

describe('summary', () => {
  it('computes min, average, max and loss like the textbook pinger', () => {
    expect(summarize([{ n: 1, rttMs: 2 }, { n: 2 }, { n: 3, rttMs: 4 }, { n: 4, rttMs: 6 }])).toEqual({
      sent: 4,
      received: 3,
      lossPercent: 25,
      minMs: 2,
      avgMs: 4,
      maxMs: 6,
    });
    expect(summarize([{ n: 1 }])).toEqual({ sent: 1, received: 0, lossPercent: 100, minMs: undefined, avgMs: undefined, maxMs: undefined });
  });
});

/** Beyond the pings' designed waits: the relay's start and the bridge's answers on a busy machine. */
const MARGIN_MS = 5000;

describe('pinger client', () => {
  it(
    'gets ten replies with RTTs from a server that loses nothing',
    async ({ signal }) => {
      const { pings, summary } = await runPinger(lab, { sock: 'ping-plain', host: '127.0.0.1', port: bridge.servers['udp-upper']!, timeoutMs: 1000, signal });
      expect(pings.map((p) => p.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(summary.received).toBe(10);
      expect(pings[0]!.reply).toMatch(/^PING 1 \d+\.\d+$/);
      expect(summary.minMs!).toBeGreaterThan(0);
      expect(summary.maxMs!).toBeLessThan(1000);
    },
    pingerBudgetMs(10, 1000) + MARGIN_MS,
  );

  it(
    'times out on the same pings every run with the same relay seed',
    async ({ signal }) => {
      const pattern = async (run: number) => {
        const relay = await lab.relayStart(
          `ping-path-${run}`,
          'udp',
          { host: '127.0.0.1', port: bridge.servers['udp-upper']! },
          { settings: { loss: 0.3, seed: 2026, delayMs: 5 } },
        );
        const { pings } = await runPinger(lab, { sock: `pinger-${run}`, host: '127.0.0.1', port: relay.listen.port, timeoutMs: 300, signal });
        await lab.closeSocket(`ping-path-${run}`);
        return pings.map((p) => (p.rttMs === undefined ? 'timeout' : 'ok'));
      };
      const first = await pattern(1);
      expect(first).toContain('timeout');
      expect(first).toContain('ok');
      expect(await pattern(2)).toEqual(first);
    },
    2 * pingerBudgetMs(10, 300) + MARGIN_MS,
  );
});
