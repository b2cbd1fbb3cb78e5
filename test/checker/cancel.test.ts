// A check the student cancels (or whose panel goes away) stops at once, without waiting for the
// case under way to time out, and reports no more results.
import { describe, expect, it } from 'vitest';
import { abortable, pass, runBattery, type CaseResult, type CheckCase, type CheckContext } from '../../web/checker/types.js';

const ctx = {} as CheckContext;
const never = new Promise<CaseResult>(() => undefined);

describe('cancelling a check', () => {
  it('rejects with the abort as soon as the signal fires, mid-case, and runs no later case', async () => {
    const control = new AbortController();
    const ran: string[] = [];
    const cases: CheckCase[] = [
      { id: 'one', run: async () => (ran.push('one'), pass('one', 'ok')) },
      { id: 'two', run: () => (ran.push('two'), control.abort(), never) },
      { id: 'three', run: async () => (ran.push('three'), pass('three', 'ok')) },
    ];
    const results: CaseResult[] = [];
    await expect(runBattery(cases, ctx, (r) => results.push(r), { signal: control.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).toEqual(['one', 'two']);
    expect(results.map((r) => r.case)).toEqual(['one']);
  });

  it('still reports a failing case as a finding when nobody cancelled', async () => {
    const cases: CheckCase[] = [{ id: 'boom', run: () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })) }];
    const [result] = await runBattery(cases, ctx, undefined, { signal: new AbortController().signal });
    expect(result).toMatchObject({ case: 'boom', ok: false, finding: { code: 'error', params: { code: 'ECONNREFUSED' } } });
  });

  it('abortable passes a value through and refuses at once when already aborted', async () => {
    await expect(abortable(Promise.resolve(3), new AbortController().signal)).resolves.toBe(3);
    const control = new AbortController();
    control.abort();
    await expect(abortable(never, control.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
