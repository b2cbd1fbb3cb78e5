// Every observe rule a lesson can name, one entry each (./<name>.ts, its shape in ./rule.ts): the
// list the lesson loader checks names and params against at build time, and the tests run. The page
// does not import this list: it fetches each rule with the lesson that uses it (../rule-loader.ts). A new rule is a file
// here and a line below; test/conventions/registries.test.ts fails when a file is not listed.
import { NOT_YET, runWith, type Rule, type RuleInput, type RuleResult } from './rule.js';
import frameReassembled from './frame-reassembled.js';
import frameRejected from './frame-rejected.js';
import framesCoalesced from './frames-coalesced.js';
import gameLoggedInMoved from './game-logged-in-moved.js';
import gameRefusedBeforeLogin from './game-refused-before-login.js';
import httpPostThenGet from './http-post-then-get.js';
import httpRawRequest from './http-raw-request.js';
import koreanRoundtrip from './korean-roundtrip.js';
import pingerTimeout from './pinger-timeout.js';
import tcpConcurrentClients from './tcp-concurrent-clients.js';
import tcpIterativeWait from './tcp-iterative-wait.js';
import tcpManyReplies from './tcp-many-replies.js';
import tcpRefused from './tcp-refused.js';
import tcpRoundtrip from './tcp-roundtrip.js';
import tcpTwoConnections from './tcp-two-connections.js';
import udpAndTcpRoundtrip from './udp-and-tcp-roundtrip.js';
import udpNoReply from './udp-no-reply.js';
import udpRoundtrip from './udp-roundtrip.js';
import udpTruncated from './udp-truncated.js';

export type { Rule, RuleInput, RuleResult } from './rule.js';

export const RULE_ENTRIES = [
  udpRoundtrip,
  udpTruncated,
  udpNoReply,
  tcpRoundtrip,
  tcpRefused,
  tcpTwoConnections,
  koreanRoundtrip,
  udpAndTcpRoundtrip,
  pingerTimeout,
  tcpIterativeWait,
  tcpManyReplies,
  tcpConcurrentClients,
  frameReassembled,
  frameRejected,
  framesCoalesced,
  gameLoggedInMoved,
  gameRefusedBeforeLogin,
  httpPostThenGet,
  httpRawRequest,
] as const;

export type RuleName = (typeof RULE_ENTRIES)[number]['name'];

/** The rules by name. */
export const RULES = Object.fromEntries(RULE_ENTRIES.map((rule) => [rule.name, rule as Rule])) as Record<RuleName, Rule>;

export function isRuleName(name: string): name is RuleName {
  return Object.hasOwn(RULES, name);
}

/** Runs a rule by name with raw params from lesson.yaml (validated again here, so defaults apply). */
export function runRule(name: string, params: Record<string, unknown>, input: RuleInput): RuleResult {
  return isRuleName(name) ? runWith(RULES[name], params, input) : NOT_YET;
}
