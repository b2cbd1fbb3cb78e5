import { describe, expect, it } from 'vitest';
import { PROGRESS_KEY, ProgressStore, lessonProgress } from '../../../web/lessons/progress.js';

/** A Storage stand-in: a Map, with an optional failure on write. */
function fakeStorage(initial: Record<string, string> = {}, failWrites = false) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (failWrites) throw new Error('QuotaExceededError');
      map.set(k, v);
    },
  };
}

describe('the progress store', () => {
  it('keeps visits and passed checks across a reload', () => {
    const storage = fakeStorage();
    const first = new ProgressStore(storage);
    first.visit('03-udp');
    first.pass('03-udp', 'got-reply');
    first.answer('03-udp', 'which-port', 1, true);
    const again = new ProgressStore(storage);
    expect(again.getState()).toEqual({
      visited: ['03-udp'],
      checks: { '03-udp': { 'got-reply': { passed: true }, 'which-port': { passed: true, answer: 1 } } },
    });
  });

  it('records a visit once', () => {
    const store = new ProgressStore(fakeStorage());
    store.visit('00-welcome');
    store.visit('00-welcome');
    expect(store.getState().visited).toEqual(['00-welcome']);
  });

  it('passes a quiz only on the right answer, and keeps it passed after a wrong one', () => {
    const store = new ProgressStore(fakeStorage());
    store.answer('04-tcp', 'q', 0, false);
    expect(store.check('04-tcp', 'q')).toEqual({ passed: false, answer: 0 });
    store.answer('04-tcp', 'q', 2, true);
    store.answer('04-tcp', 'q', 1, false);
    expect(store.check('04-tcp', 'q')).toEqual({ passed: true, answer: 1 });
  });

  it('tells its listeners, and not after they unsubscribe', () => {
    const store = new ProgressStore(fakeStorage());
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.pass('03-udp', 'a');
    store.pass('03-udp', 'a'); // already passed: no change, no call
    off();
    store.pass('03-udp', 'b');
    expect(calls).toBe(1);
  });

  it('starts empty from a damaged or foreign record instead of failing', () => {
    expect(new ProgressStore(fakeStorage({ [PROGRESS_KEY]: '{not json' })).getState()).toEqual({ visited: [], checks: {} });
    expect(new ProgressStore(fakeStorage({ [PROGRESS_KEY]: '{"visited": 3}' })).getState()).toEqual({ visited: [], checks: {} });
  });

  it('keeps working in memory when storage refuses writes', () => {
    const store = new ProgressStore(fakeStorage({}, true));
    store.pass('03-udp', 'a');
    expect(store.check('03-udp', 'a')?.passed).toBe(true);
  });

  it('takes what another tab wrote on reload()', () => {
    const storage = fakeStorage();
    const here = new ProgressStore(storage);
    const there = new ProgressStore(storage);
    there.pass('03-udp', 'a');
    let told = false;
    here.subscribe(() => (told = true));
    here.reload();
    expect(here.check('03-udp', 'a')?.passed).toBe(true);
    expect(told).toBe(true);
  });

  it('forgets everything on reset()', () => {
    const storage = fakeStorage();
    const store = new ProgressStore(storage);
    store.visit('00-welcome');
    store.reset();
    expect(new ProgressStore(storage).getState()).toEqual({ visited: [], checks: {} });
  });

  it('forgets one lesson on resetLesson(), keeping the others and the visits', () => {
    const storage = fakeStorage();
    const store = new ProgressStore(storage);
    store.visit('03-udp');
    store.pass('03-udp', 'a');
    store.answer('03-udp', 'q', 2, false);
    store.pass('04-tcp', 'c');
    store.resetLesson('03-udp');
    expect(new ProgressStore(storage).getState()).toEqual({ visited: ['03-udp'], checks: { '04-tcp': { c: { passed: true } } } });
  });

  it('counts a lesson\'s passed checks', () => {
    const store = new ProgressStore(fakeStorage());
    store.pass('03-udp', 'a');
    store.answer('03-udp', 'b', 0, false);
    store.pass('04-tcp', 'c');
    expect(lessonProgress(store.getState(), { id: '03-udp', checks: [{ id: 'a' }, { id: 'b' }, { id: 'z' }] })).toEqual({ passed: 1, total: 3 });
  });
});
