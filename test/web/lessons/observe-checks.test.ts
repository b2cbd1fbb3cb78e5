// A lesson's observe checks run against the lab's events once their rules have arrived: a rule is
// fetched with its lesson (web/lessons/rule-loader.ts), and what happened before it arrived still
// counts when it does.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialState } from '../../../web/lab/state.js';
import { LabStore } from '../../../web/lab/store.js';
import { ProgressStore } from '../../../web/lessons/progress.js';
import type { Rule } from '../../../web/lessons/rules/rule.js';
import { RULES } from '../../../web/lessons/rules/index.js';
import type { Lesson } from '../../../web/lessons/types.js';
import { watchObserveChecks } from '../../../web/lessons/use-observe-checks.js';
import { UDP_UPPER, udpReceived, udpSent } from './events.js';

const lesson = (rule: string): Lesson => ({
  id: '00-test',
  order: 0,
  topics: [],
  panels: {},
  listings: {},
  checks: [{ id: 'reply', kind: 'observe', rule, params: { server: 'udp-upper' } }],
  text: {} as Lesson['text'], // the page fills it when the lesson's text arrives
});
const exchange = [udpSent(1, 'c1', 50000, 12000, 'hi'), udpReceived(2, 'c1', 12000, 50000, 'HI')];

function setup(rule: string, loadRule: (name: string) => Promise<Rule>) {
  const store = new LabStore({ ...initialState, servers: [UDP_UPPER] }, (flush) => flush());
  const progress = new ProgressStore(undefined);
  const stop = watchObserveChecks(lesson(rule), { store, progress, loadRule, ruleNames: Object.keys(RULES) });
  return { store, progress, stop, passed: () => progress.check('00-test', 'reply')?.passed === true };
}

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
  vi.restoreAllMocks();
});

describe('observe checks and their rules', () => {
  it('waits for a rule still on its way, then counts what happened meanwhile', async () => {
    let arrive!: (rule: Rule) => void;
    const loadRule = vi.fn((_name: string) => new Promise<Rule>((resolve) => (arrive = resolve)));
    const lab = setup('udp-roundtrip', loadRule);
    stops.push(lab.stop);
    expect(loadRule).toHaveBeenCalledWith('udp-roundtrip');
    for (const event of exchange) lab.store.push(event);
    expect(lab.passed()).toBe(false);
    arrive(RULES['udp-roundtrip']);
    await vi.waitFor(() => expect(lab.passed()).toBe(true));
    expect(loadRule).toHaveBeenCalledTimes(1);
  });

  it('asks again for a rule whose fetch failed, at the next event', async () => {
    const loadRule = vi.fn().mockRejectedValueOnce(new Error('the lab stopped')).mockResolvedValue(RULES['udp-roundtrip']);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const lab = setup('udp-roundtrip', loadRule);
    stops.push(lab.stop);
    await vi.waitFor(() => expect(error).toHaveBeenCalled());
    for (const event of exchange) lab.store.push(event);
    await vi.waitFor(() => expect(lab.passed()).toBe(true));
    expect(loadRule).toHaveBeenCalledTimes(2);
  });

  it('never passes a check whose rule no lesson has, says why once, and runs the others', async () => {
    const loadRule = vi.fn((name: string) => Promise.resolve(RULES[name as keyof typeof RULES]));
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = new LabStore({ ...initialState, servers: [UDP_UPPER] }, (flush) => flush());
    const progress = new ProgressStore(undefined);
    const two = lesson('udp-roundtrip');
    two.checks.push({ id: 'typo', kind: 'observe', rule: 'udp-rountrip', params: {} });
    stops.push(watchObserveChecks(two, { store, progress, loadRule, ruleNames: Object.keys(RULES) }));
    expect(error).toHaveBeenCalledWith(expect.stringContaining('no rule "udp-rountrip" (known: '));
    for (const event of exchange) store.push(event);
    await vi.waitFor(() => expect(progress.check('00-test', 'reply')?.passed).toBe(true));
    expect(progress.check('00-test', 'typo')?.passed).toBeUndefined();
    expect(loadRule.mock.calls).toEqual([['udp-roundtrip']]);
    expect(error).toHaveBeenCalledTimes(1);
  });
});
