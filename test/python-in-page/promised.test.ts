// Promise mode's calls in the Python worker (web/python/promised.ts): each call is numbered, the
// page's answer repeats the number, and after Stop a late answer to the interrupted call does not
// answer the next run's first call. No worker, no page: the posting is recorded.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INTERRUPTED, PromisedCalls } from '../../web/python/promised.js';

function setup() {
  const sent: { call: number; op: string; args: string }[] = [];
  const calls = new PromisedCalls((call, op, args) => sent.push({ call, op, args }));
  return { calls, sent };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('promise mode: numbered calls', () => {
  it('sends each call with a number of its own and resolves it with its answer', async () => {
    const { calls, sent } = setup();
    const first = calls.call('socket', '{"kind":"udp"}');
    expect(sent).toEqual([{ call: 1, op: 'socket', args: '{"kind":"udp"}' }]);
    calls.answer(1, '{"id":1}');
    expect(await first).toBe('{"id":1}');
    const second = calls.call('sendto', '{}');
    expect(sent[1]!.call).toBe(2);
    calls.answer(2, '{"size":5}');
    expect(await second).toBe('{"size":5}');
  });

  it('drops an answer to a call Stop interrupted: the next run waits for its own', async () => {
    const { calls, sent } = setup();
    const waiting = calls.call('recvfrom', '{}');
    calls.stop();
    expect(await waiting).toBe(INTERRUPTED);
    // every call until the next run is interrupted at once, and nothing is sent
    expect(await calls.call('sendto', '{}')).toBe(INTERRUPTED);
    expect(sent).toHaveLength(1);

    calls.run();
    let answered: string | undefined;
    const next = calls.call('recvfrom', '{}').then((text) => (answered = text));
    // the page's late answer to the interrupted call arrives now
    calls.answer(1, '{"data":"late"}');
    await Promise.resolve();
    expect(answered).toBeUndefined();
    calls.answer(sent.at(-1)!.call, '{"data":"mine"}');
    await next;
    expect(answered).toBe('{"data":"mine"}');
  });

  it('ends a sleep early on Stop (false) and lets one run out (true)', async () => {
    vi.useFakeTimers();
    const { calls } = setup();
    const long = calls.sleep(3600);
    calls.stop();
    expect(await long).toBe(false);
    expect(await calls.sleep(1)).toBe(false);
    calls.run();
    const short = calls.sleep(0.5);
    vi.advanceTimersByTime(500);
    expect(await short).toBe(true);
  });
});
