// The page fetches each observe rule with the lesson whose chunk carries it (the first lesson that
// names it), and the first lesson's rules with the page: every rule a lesson names still arrives,
// the same rule the build checked, and a name no lesson uses gets the lesson loader's message.
import { loaders, pageRules, ruleHomes } from 'virtual:lessons';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../../web/lessons/catalog.js';
import { RULE_NAMES, loadRule } from '../../../web/lessons/rule-loader.js';
import { RULES } from '../../../web/lessons/rules/index.js';

const namedBy = (lesson: (typeof LESSONS)[number]) => lesson.checks.flatMap((c) => (c.kind === 'observe' ? [c.rule] : []));

describe('the rule loader', () => {
  it('knows every rule a lesson names, each homed in the first lesson that names it', () => {
    const named = LESSONS.flatMap(namedBy);
    expect([...RULE_NAMES].sort()).toEqual([...new Set(named)].sort());
    for (const name of RULE_NAMES) expect(ruleHomes[name]).toBe(LESSONS.find((l) => namedBy(l).includes(name))!.id);
  });

  it('brings the first lesson its rules with the page, and no other', () => {
    expect(Object.keys(pageRules).sort()).toEqual([...new Set(namedBy(LESSONS[0]!))].sort());
  });

  it("fetches a later lesson's rules with that lesson's chunk, not with the page", async () => {
    const { rules } = await loaders['08-http']!.lesson();
    expect(Object.keys(rules).sort()).toEqual(['http-post-then-get', 'http-raw-request']);
    expect(pageRules).not.toHaveProperty('http-raw-request');
  });

  it.each(LESSONS.flatMap(namedBy))('loads %s, the very rule the build checks lessons against', async (name) => {
    const rule = await loadRule(name);
    expect(rule.name).toBe(name);
    expect(rule).toBe(RULES[name as keyof typeof RULES]);
    // fetched once
    expect(await loadRule(name)).toBe(rule);
  });

  it('refuses a name no lesson uses with the clear message the build gives', async () => {
    await expect(loadRule('udp-rountrip')).rejects.toThrow(`no rule "udp-rountrip" (known: ${RULE_NAMES.join(', ')})`);
  });
});
