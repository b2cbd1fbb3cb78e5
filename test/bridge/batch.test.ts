// The bridge's FrameBatcher (bridge/batch.ts), on a fake clock: when a burst's frame leaves, and
// that an answer to a request does not wait for the gap.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCH_GAP_MS, FrameBatcher, wantsBatches } from '../../bridge/batch.js';
import { MAX_BATCH_EVENTS } from '../../protocol/batch.js';
import { parseFrame } from '../../protocol/codec.js';

const event = (i: number) => JSON.stringify({ type: 'socket.closed', t: i, sock: 's', reason: 'local' });
const ts = (frame: string) => {
  const parsed = parseFrame(frame);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.map((e) => e.t);
};

let frames: string[];
let batcher: FrameBatcher;
beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  batcher = new FrameBatcher(
    (f) => frames.push(f),
    () => performance.now(),
  );
});
afterEach(() => {
  batcher.close();
  vi.useRealTimers();
});

describe('FrameBatcher', () => {
  it('sends the first event after a quiet spell at the end of the I/O phase, with what that phase brought', () => {
    batcher.push(event(1));
    batcher.push(event(2));
    expect(frames).toEqual([]);
    vi.advanceTimersToNextTimer(); // the setImmediate
    expect(frames.map(ts)).toEqual([[1, 2]]);
  });

  it('while events keep coming, sends at most one frame per gap, every event in order', () => {
    let i = 0;
    for (let ms = 0; ms < 50; ms++) {
      batcher.push(event(i++));
      batcher.push(event(i++));
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(BATCH_GAP_MS);
    expect(frames.flatMap(ts)).toEqual(Array.from({ length: 100 }, (_, k) => k));
    expect(frames.length).toBeLessThanOrEqual(50 / BATCH_GAP_MS + 2);
  });

  it('an answer to a request leaves at the end of the I/O phase even inside the gap, after what came before it', () => {
    batcher.push(event(1));
    vi.advanceTimersToNextTimer();
    batcher.push(event(2));
    batcher.push(event(3), true);
    // no time passes: the gap has not
    vi.advanceTimersByTime(0);
    expect(frames.map(ts)).toEqual([[1], [2, 3]]);
  });

  it('what follows a request within the gap leaves at the end of its I/O phase (a round trip does not wait)', () => {
    batcher.push(event(1));
    vi.advanceTimersToNextTimer();
    batcher.requested();
    vi.advanceTimersByTime(1);
    batcher.push(event(2)); // the reply to the page's sendto, 1 ms later
    vi.advanceTimersByTime(0);
    expect(frames.map(ts)).toEqual([[1], [2]]);
    // a request long ago does not lift the gap
    vi.advanceTimersByTime(BATCH_GAP_MS);
    batcher.push(event(3));
    vi.advanceTimersToNextTimer();
    batcher.push(event(4));
    vi.advanceTimersByTime(0);
    expect(frames.map(ts)).toEqual([[1], [2], [3]]);
    vi.advanceTimersByTime(BATCH_GAP_MS);
    expect(frames.map(ts)).toEqual([[1], [2], [3], [4]]);
  });

  it('a full batch leaves at once', () => {
    for (let i = 0; i < MAX_BATCH_EVENTS; i++) batcher.push(event(i));
    expect(frames).toHaveLength(1);
    expect(ts(frames[0]!)).toHaveLength(MAX_BATCH_EVENTS);
  });

  it('sends nothing once closed', () => {
    batcher.push(event(1));
    batcher.close();
    batcher.push(event(2));
    vi.runAllTimers();
    expect(frames).toEqual([]);
  });

  it('is asked for with batch=1 in the WebSocket URL', () => {
    expect(wantsBatches('/ws?token=abc&batch=1')).toBe(true);
    expect(wantsBatches('/ws?token=abc')).toBe(false);
    expect(wantsBatches(undefined)).toBe(false);
  });
});
