import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createPinger } from '../../bridge/lab/pinger.js';
import { randint, seeded } from '../../bridge/relay/prng.js';
import { decode64, expectValidEvents, runLab, udpClient, waitFor, type LabRun } from './support.js';

const SEED = 2024;
/** Which of the first n datagrams the pinger answers, from the same seeded randint(0, 10) < 4. */
function answered(n: number, seed = SEED): boolean[] {
  const random = seeded(seed);
  return Array.from({ length: n }, () => randint(random, 0, 10) >= 4);
}

let lab: LabRun | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

describe('pinger (UDPPingerServer.py)', () => {
  it('the chosen seed drops some pings and answers others, so the test below can tell them apart', () => {
    const plan = answered(22);
    expect(plan.filter((a) => !a).length).toBeGreaterThan(2);
    expect(plan.filter(Boolean).length).toBeGreaterThan(2);
  });

  it('answers in capitals exactly the datagrams its seeded randint(0, 10) keeps, and reports the dropped ones as received only', async () => {
    lab = await runLab(createPinger({ seed: SEED }));
    const plan = answered(22);
    const kept = plan.filter(Boolean).length;
    const peer = await udpClient();
    try {
      for (let n = 1; n <= plan.length; n++) await peer.send(lab.port, `ping ${n}`);
      await waitFor(() => lab!.of('udp.received').length === plan.length && lab!.of('udp.sent').length === kept, 'the pinger to handle every datagram');
      const replies: string[] = [];
      for (let i = 0; i < kept; i++) replies.push((await peer.next(2000))?.toString() ?? 'missing');
      const expected = plan.flatMap((yes, i) => (yes ? [`PING ${i + 1}`] : []));
      expect(replies).toEqual(expected);
      expect(lab.of('udp.received').map((e) => decode64(e.data))).toEqual(plan.map((_, i) => `ping ${i + 1}`));
      expect(lab.of('udp.sent').map((e) => decode64(e.data))).toEqual(expected);
      expectValidEvents(lab.events);
    } finally {
      peer.close();
    }
  });

  it('makes the same decisions for the same seed on every start', async () => {
    const runs: string[][] = [];
    for (let run = 0; run < 2; run++) {
      lab = await runLab(createPinger({ seed: 7 }));
      const peer = await udpClient();
      for (let n = 1; n <= 12; n++) await peer.send(lab.port, `p${n}`);
      await waitFor(() => lab!.of('udp.received').length === 12, 'twelve datagrams');
      await waitFor(() => lab!.of('udp.sent').length === answered(12, 7).filter(Boolean).length, 'the replies');
      runs.push(lab.of('udp.sent').map((e) => decode64(e.data)));
      peer.close();
      await lab.close();
      lab = undefined;
    }
    expect(runs[0]).toEqual(runs[1]);
  });

  it("serves the textbook's UDPPingerClient.py: it times out exactly on the dropped pings", async () => {
    lab = await runLab(createPinger({ seed: SEED }));
    const script = fileURLToPath(new URL('./python/UDPPingerClient.py', import.meta.url));
    const { stdout } = await promisify(execFile)('python3', [script, '127.0.0.1', String(lab.port), '0.5'], { timeout: 15_000 });
    const lines = stdout.trim().split('\n');
    const plan = answered(10);
    plan.forEach((yes, i) => {
      expect(lines[i]).toMatch(yes ? new RegExp(`^PING ${i + 1} [\\d.]+ RTT`) : new RegExp(`^Ping ${i + 1} Request timed out$`));
    });
    const lost = plan.filter((a) => !a).length;
    expect(lines.at(-1)).toBe(`10 sent, ${10 - lost} received, ${lost * 10}% lost`);
  });
});
