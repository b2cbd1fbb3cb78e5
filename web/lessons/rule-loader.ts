// The page's way to the observe rules. ./rules/index.ts lists them all at once, for the lesson
// loader at build time and for tests; the page instead gets each rule, with the parsers it uses
// (HTTP, the game's frames, the framing decoder), in the chunk of the first lesson whose checks
// name it (the lessons plugin in vite.config.ts), so a rule costs no request of its own; the first
// lesson's rules come with the page, which is that lesson (pageRules). A check that runs before its rule is here waits for it
// (use-observe-checks.ts).
import { loaders, pageRules, ruleHomes } from 'virtual:lessons';
import { noSuchRule, type Rule } from './rules/rule.js';

/** Every rule a lesson's check names. */
export const RULE_NAMES: readonly string[] = Object.keys(ruleHomes);

const fetched = new Map<string, Promise<Rule>>();

/** The rule named `name`, fetched once (with the lesson that carries it). Rejects for a name no
 * lesson uses, with the lesson loader's message; a fetch that failed (the lab stopped meanwhile) is
 * tried again on the next call. */
export function loadRule(name: string): Promise<Rule> {
  const home = Object.hasOwn(ruleHomes, name) ? loaders[ruleHomes[name]!] : undefined;
  if (!home) return Promise.reject(new Error(noSuchRule(name, RULE_NAMES)));
  let rule = fetched.get(name);
  if (!rule && Object.hasOwn(pageRules, name)) fetched.set(name, (rule = Promise.resolve(pageRules[name]!)));
  if (!rule) {
    const pending = home.lesson().then(({ rules }) => rules[name] ?? Promise.reject(new Error(noSuchRule(name, Object.keys(rules)))));
    pending.catch(() => fetched.get(name) === pending && fetched.delete(name));
    fetched.set(name, (rule = pending));
  }
  return rule;
}
