// Stop on the blocking channel, wherever a call waits (the page or the socket worker): a call that
// waits ends with "interrupted" and Python is not interrupted a second time; Python running
// between calls gets KeyboardInterrupt at once; every call after Stop is interrupted until the next
// run. Shared memory and a stand-in for the carrier; no worker, no bridge.
import { describe, expect, it } from 'vitest';
import { CallAnswerer, sharedLine } from '../../web/python/answerer.js';
import { awaitAnswer, clearStopped, createBuffers, markAsked, markStopped, SIGINT, STATE, WAKE, IDLE } from '../../web/python/channel.js';

/** A carrier whose calls wait until their signal aborts (a recvfrom with nothing to receive),
 * except 'now', answered at once. */
function setup() {
  const buffers = createBuffers();
  const signals: AbortSignal[] = [];
  const answerer = new CallAnswerer(sharedLine(buffers), (op, _args, signal) => {
    signals.push(signal);
    if (op === 'now') return Promise.resolve({ size: 5 });
    if (signal.aborted) return Promise.resolve({ error: 'interrupted' });
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ error: 'interrupted' })));
  });
  const flag = () => Atomics.load(new Int32Array(buffers.interrupt), 0);
  const slots = new Int32Array(buffers.control, 0, 4);
  /** As the Python worker does: mark the call asked, send it, read the answer. */
  const ask = (op: string) => {
    markAsked(buffers.control);
    return answerer.serve(op, '{}').then(() => JSON.parse(awaitAnswer(buffers.control)) as Record<string, unknown>);
  };
  return { buffers, answerer, signals, flag, slots, ask };
}

describe('Stop on the blocking channel', () => {
  it('ends a waiting call with "interrupted" and leaves no second interrupt for Python', async () => {
    const { buffers, answerer, flag, ask } = setup();
    const waiting = ask('recvfrom');
    markStopped(buffers);
    // a call is waiting: its carrier ends it; the flag is not raised
    expect(flag()).toBe(0);
    answerer.stop();
    expect(await waiting).toEqual({ error: 'interrupted' });
    expect(flag()).toBe(0);
  });

  it('interrupts Python between calls at once, and ends a time.sleep()', () => {
    const { buffers, flag, slots } = setup();
    expect(Atomics.load(slots, STATE)).toBe(IDLE);
    const wakes = Atomics.load(slots, WAKE);
    markStopped(buffers);
    expect(flag()).toBe(SIGINT);
    expect(Atomics.load(slots, WAKE)).toBe(wakes + 1);
  });

  it('interrupts every call after Stop at once, until the next run clears it', async () => {
    const { buffers, signals, ask, flag } = setup();
    markStopped(buffers);
    // the program caught KeyboardInterrupt and calls again: this call must not block
    Atomics.store(new Int32Array(buffers.interrupt), 0, 0);
    expect(await ask('recvfrom')).toEqual({ error: 'interrupted' });
    expect(signals[0]!.aborted).toBe(true);
    expect(flag()).toBe(0);
    clearStopped(buffers);
    expect(await ask('now')).toEqual({ size: 5 });
    expect(signals[1]!.aborted).toBe(false);
  });

  it('writes nothing for an interpreter that went', async () => {
    const { buffers, answerer, slots } = setup();
    markAsked(buffers.control);
    const served = answerer.serve('recvfrom', '{}');
    answerer.dispose();
    await served;
    // still asked: the worker was ended, nobody reads this buffer again
    expect(Atomics.load(slots, STATE)).not.toBe(IDLE);
    await answerer.serve('now', '{}');
    // no answer was written (its length is still 0)
    expect(Atomics.load(slots, 1)).toBe(0);
  });
});
