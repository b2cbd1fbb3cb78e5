// The bridge's capacity is shared among the pages that send at the same time (finding F8 of the
// security probe): a page flooding the bridge, with malformed frames too, is held to its share
// while another page is active, and that other page is answered meanwhile. The bound checked is a
// floor (a flood cannot be handled faster than its share allows), so no machine is too fast for it;
// how much the share protects the others' latency is measured by `npm run soak`, not asserted.
// A page that floods from its own socket as fast as TCP lets it is paused: the bridge stops reading
// it, so its backlog stays in the kernel and the client, not in the bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../bridge/quota.js';
import { parseEvent } from '../../protocol/codec.js';
import { flood, FLOOD_BLOCK, FRAMES_PER_BLOCK } from './helpers/flood.js';
import { startLab, type Lab } from './helpers/lab.js';
import { MiB, rssBytes, watchRss } from './helpers/load.js';
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

  it("pauses a page that floods from its own socket: its backlog stays bounded, and another page's round trips go through", { timeout: 60_000 }, async () => {
    const other = await lab.page();
    const peer = await udpPeer();
    peer.socket.on('message', (msg, from) => peer.socket.send(msg, from.port, from.address));
    await other.client.udpOpen('rt');
    const roundTrip = async (n: number) => {
      const reply = other.client.next('udp.received', (e) => e.sock === 'rt', 10_000);
      await other.client.udpSend('rt', '127.0.0.1', peer.port, `trip ${n}`);
      await reply;
    };
    await roundTrip(0); // the other page is active: the share engages when the flood comes

    const pid = lab.bridge.process.pid!;
    const before = rssBytes(pid);
    const rss = watchRss(pid);
    const slowed: string[] = [];
    const flooding = await flood(lab.bridge, (text) => {
      if (text.includes('"session.slowed"')) slowed.push(text);
    });
    const TRIPS = 100;
    let done = 0;
    for (let n = 1; n <= TRIPS; n++) {
      await roundTrip(n);
      done++;
    }
    const written = flooding.written;
    const answered = flooding.reader.frames;
    flooding.stop();
    const grown = rss.stop() - before;
    await peer.close();
    other.client.close();
    console.log(
      `flooding page: ${(written / MiB).toFixed(1)} MiB handed to its socket, ${answered} frames answered of ${Math.round((written / FLOOD_BLOCK.length) * FRAMES_PER_BLOCK)} written; the other page's ${done} round trips done meanwhile; bridge RSS +${(grown / MiB).toFixed(1)} MiB`,
    );
    expect(done).toBe(TRIPS);
    // what the bridge did not read stayed in the kernel's buffers and the client's: TCP held it back
    expect(written).toBeLessThan(64 * MiB);
    expect(answered).toBeLessThan((written / FLOOD_BLOCK.length) * FRAMES_PER_BLOCK);
    expect(grown).toBeLessThan(32 * MiB);
    // told once, with its share: half the bridge's or less (the pages of the test before may still
    // be counted as active for a moment)
    expect(slowed).toHaveLength(1);
    const told = parseEvent(slowed[0]!);
    expect(told.ok && told.value.type).toBe('session.slowed');
    const perSecond = told.ok && told.value.type === 'session.slowed' ? told.value.perSecond : 0;
    expect(perSecond).toBeGreaterThan(0);
    expect(perSecond).toBeLessThanOrEqual(DEFAULT_LIMITS.sharedMessagesPerSecond / 2);
  });
});
