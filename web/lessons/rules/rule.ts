// What an observe rule is: a pure function over the lab's event trace that says whether the
// student did an experiment ("your datagram came back in capitals"), with the schema of the params
// lesson.yaml gives it. Each rule is one entry in ./<name>.ts, listed once in ./index.ts; the build
// checks a lesson's rule names and params against that list (docs/lesson-format.md).
//
// Time: a rule that waits for something NOT to happen ("no reply within 2 s") cannot decide from
// the events alone. It gets `now`, the bridge clock's current reading (µs, like every event's t),
// and answers "not yet, look again at t = X" with `recheckAt`; the caller sets a timer for it.
import type { z } from '../../../protocol/zod.js';
import type { LabServerStatus } from '../../../protocol/messages.js';
import { base64ToBytes } from '../../../protocol/base64.js';
import { isLabSocket } from '../../../protocol/socket-ids.js';
import type { TraceEntry } from '../../lab/state.js';

export interface RuleInput {
  /** The events to judge, oldest first (the caller passes those since the lesson was opened). */
  trace: readonly TraceEntry[];
  servers: readonly LabServerStatus[];
  /** The bridge clock now, in µs. */
  now: number;
}

export type RuleResult = { passed: true; seq: number } | { passed: false; recheckAt?: number };

export interface Rule<N extends string = string, P = unknown> {
  /** The name lesson.yaml writes (`rule: udp-roundtrip`), the entry's file name too. */
  name: N;
  /** The params' schema; its defaults apply when the rule runs. */
  params: z.ZodMiniType<P>;
  check(input: RuleInput, params: P): RuleResult;
}

/** An entry: the params' type is inferred from its schema, and the check must accept it. */
export function defineRule<const N extends string, S extends z.ZodMiniType>(rule: { name: N; params: S; check: (input: RuleInput, params: z.output<S>) => RuleResult }): Rule<N, z.output<S>> {
  return rule as Rule<N, z.output<S>>;
}

export const NOT_YET: RuleResult = { passed: false };
/** What a lesson that names a rule no file defines is told (the build's lesson loader, and the page's
 * rule loader). */
export const noSuchRule = (name: string, known: readonly string[]) => `no rule "${name}" (known: ${known.join(', ')})`;
/** Runs a rule with raw params from lesson.yaml (validated again here, so defaults apply). */
export function runWith(rule: Rule, params: Record<string, unknown>, input: RuleInput): RuleResult {
  const parsed = rule.params.safeParse(params);
  return parsed.success ? rule.check(input, parsed.data) : NOT_YET;
}
export const passed = (seq: number): RuleResult => ({ passed: true, seq });
export const isPage = (sock: string | undefined): sock is string => sock !== undefined && !isLabSocket(sock);
export const serverNamed = (input: RuleInput, name: string) => input.servers.find((s) => s.name === name && s.state === 'running');
export const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
export const text = (data: string) => decode(base64ToBytes(data));
export const hangulOf = (s: string) => s.replace(/[^\p{Script=Hangul}]/gu, '');
export const SECOND = 1_000_000;
