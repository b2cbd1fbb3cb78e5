// The bridge's capacity is shared among the pages that send at the same time (finding F8 of the
// security probe): a page flooding the bridge, with malformed frames too, is held to its share
// while another page is active, and that other page is answered meanwhile. The bound checked is a
// floor (a flood cannot be handled faster than its share allows), so no machine is too fast for it;
// how much the share protects the others' latency is measured by `npm run soak`, not asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../bridge/quota.js';
import { startLab, type Lab } from './helpers/lab.js';
import { udpPeer } from './helpers/peers.js';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

describe('the share of the bridge', () => {
  it('holds a page flooding malformed and valid frames to its share while another page is active', { timeout: 60_000 }, async () => {
    const [flooder, other] = await Promise.all([lab.page(), lab.page()]);
    const peer = await udpPeer();
    await other.client.udpOpen('steady');

    // the other page stays active: one datagram every 100 ms until the flood has been answered
    const floodDone = new AbortController();
    let answered = 0;
    const steady = (async () => {
      for (let i = 0; i < 600 && !floodDone.signal.aborted; i++) {
        await other.client.udpSend('steady', '127.0.0.1', peer.port, `tick ${i}`);
        answered++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await new Promise((r) => setTimeout(r, 150));

    // 6,000 frames at once, every other one malformed (a valid one between them keeps the
    // session from being closed for 20 bad frames in a row): each is answered with an error
    const PAIRS = 3000;
    let replies = 0;
    const allAnswered = new Promise<void>((resolve) => {
      flooder.client.onEvent((e) => {
        if (e.type === 'socket.error' && ++replies === 2 * PAIRS) resolve();
      });
    });
    const began = performance.now();
    for (let i = 0; i < PAIRS; i++) {
      flooder.client.sendRaw('{"type":"udp.fly","sock":"x"}');
      flooder.client.sendRaw('{"type":"socket.close","sock":"nothing"}');
    }
    await allAnswered;
    const seconds = (performance.now() - began) / 1000;
    floodDone.abort();
    await steady;
    const share = DEFAULT_LIMITS.sharedMessagesPerSecond / 2;
    console.log(`flood of ${2 * PAIRS} frames answered in ${seconds.toFixed(2)} s (share ${share}/s); the other page had ${answered} sends answered meanwhile`);
    // at most `share` a second, less one window's slack either side
    expect(seconds).toBeGreaterThan((2 * PAIRS) / share - 0.5);
    expect(answered).toBeGreaterThan(5);
    expect(flooder.client.history.some((e) => e.type === 'socket.error' && e.code === 'LAB_UNKNOWN_TYPE')).toBe(true);
    await peer.close();
    flooder.client.close();
    other.client.close();
  });
});
