// Observe rules: pure functions over the lab's event trace that say whether the student did an
// experiment ("your datagram came back in capitals"). lesson.yaml names a rule and its params;
// the build checks both against this registry.
//
// Time: a rule that waits for something NOT to happen ("no reply within 2 s") cannot decide from
// the events alone. It gets `now`, the bridge clock's current reading (µs, like every event's t),
// and answers "not yet, look again at t = X" with `recheckAt`; the caller sets a timer for it.
import { z } from 'zod';
import type { LabServerStatus } from '../../protocol/messages.js';
import { base64ToBytes } from '../../protocol/base64.js';
import { concatBytes } from '../../protocol/bytes.js';
import type { TraceEntry } from '../lab/state.js';
import { runDecoder, reassembled, coalesced, type Chunk, type DecodeStep } from '../framing/decoder-run.js';
import { acceptTimeline } from '../framing/timeline.js';
import { gameLoggedInMoved, gameRefusedBeforeLogin } from '../game/rules.js';
import { httpPostThenGet, httpRawRequest } from '../http/rules.js';
import { LabServerNameSchema } from '../../protocol/lab-servers.js';
import { baseSocketId, isLabSocket } from '../../protocol/socket-ids.js';

export interface RuleInput {
  /** The events to judge, oldest first (the caller passes those since the lesson was opened). */
  trace: readonly TraceEntry[];
  servers: readonly LabServerStatus[];
  /** The bridge clock now, in µs. */
  now: number;
}

export type RuleResult = { passed: true; seq: number } | { passed: false; recheckAt?: number };

export interface Rule<P = unknown> {
  params: z.ZodType<P>;
  check(input: RuleInput, params: P): RuleResult;
}

const rule = <P>(params: z.ZodType<P>, check: (input: RuleInput, params: P) => RuleResult): Rule<P> => ({ params, check });

const NOT_YET: RuleResult = { passed: false };
const passed = (seq: number): RuleResult => ({ passed: true, seq });
const isPage = (sock: string | undefined): sock is string => sock !== undefined && !isLabSocket(sock);
const serverNamed = (input: RuleInput, name: string) => input.servers.find((s) => s.name === name && s.state === 'running');
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const text = (data: string) => decode(base64ToBytes(data));
const hangulOf = (s: string) => s.replace(/[^\p{Script=Hangul}]/gu, '');
const SECOND = 1_000_000;

function udpRoundtrip(input: RuleInput, { server }: { server: string }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  const waiting = new Set<string>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'udp.sent' && isPage(e.sock) && e.to.port === lab.port) waiting.add(e.sock);
    else if (e.type === 'udp.received' && waiting.has(e.sock) && e.from.port === lab.port) return passed(seq);
  }
  return NOT_YET;
}

function udpTruncated(input: RuleInput, { server }: { server?: string }): RuleResult {
  const lab = server === undefined ? undefined : serverNamed(input, server);
  if (server !== undefined && !lab) return NOT_YET;
  for (const { seq, event: e } of input.trace) {
    if (e.type !== 'udp.received' || !e.truncated) continue;
    if (!lab || e.sock === lab.sock || e.from.port === lab.port) return passed(seq);
  }
  return NOT_YET;
}

function udpNoReply(input: RuleInput, { within, port }: { within: number; port?: number }): RuleResult {
  // sends still waiting for an answer from where they went; one that waited out its window passes
  let pending: { seq: number; sock: string; port: number; deadline: number }[] = [];
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'udp.sent' && isPage(e.sock) && (port === undefined || e.to.port === port)) {
      pending.push({ seq, sock: e.sock, port: e.to.port, deadline: e.t + within * SECOND });
    } else if (e.type === 'udp.received') {
      pending = pending.filter((p) => !(p.sock === e.sock && p.port === e.from.port && e.t <= p.deadline));
    }
  }
  const silent = pending.find((p) => input.now >= p.deadline);
  if (silent) return passed(silent.seq);
  return pending.length === 0 ? NOT_YET : { passed: false, recheckAt: pending.reduce((soonest, p) => Math.min(soonest, p.deadline), Infinity) };
}

function tcpRoundtrip(input: RuleInput, { server }: { server: string }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  // per page socket: connected to the server, then sent; a reply on it then passes
  const step = new Map<string, 'connected' | 'sent'>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock)) {
      if (e.remote.port === lab.port) step.set(e.sock, 'connected');
    } else if (e.type === 'tcp.sent' && step.get(e.sock) === 'connected') step.set(e.sock, 'sent');
    else if (e.type === 'tcp.received' && step.get(e.sock) === 'sent') return passed(seq);
    else if (e.type === 'socket.closed') step.delete(e.sock);
  }
  return NOT_YET;
}

function tcpRefused(input: RuleInput, { port }: { port?: number }): RuleResult {
  // which port a failed connect aimed at is in its tcp.connecting event
  const aimed = new Map<string, number>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connecting' && isPage(e.sock)) aimed.set(e.sock, e.remote.port);
    if (e.type !== 'socket.error' || e.code !== 'ECONNREFUSED' || !isPage(e.sock)) continue;
    if (port === undefined || aimed.get(e.sock) === port) return passed(seq);
  }
  return NOT_YET;
}

function tcpTwoConnections(input: RuleInput, { server }: { server?: string }): RuleResult {
  const lab = server === undefined ? undefined : serverNamed(input, server);
  if (server !== undefined && !lab) return NOT_YET;
  const open = new Map<string, Set<string>>(); // welcoming socket -> its open connection sockets
  const parentOf = new Map<string, string>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.accepted' && (!lab || e.sock === lab.sock)) {
      const conns = open.get(e.sock) ?? new Set<string>();
      conns.add(e.conn);
      open.set(e.sock, conns);
      parentOf.set(e.conn, e.sock);
      if (conns.size >= 2) return passed(seq);
    } else if (e.type === 'socket.closed') {
      open.get(parentOf.get(e.sock) ?? '')?.delete(e.sock);
      open.delete(e.sock); // a closed welcoming socket's connections count no more
    }
  }
  return NOT_YET;
}

function koreanRoundtrip(input: RuleInput, { proto, server }: { proto?: 'udp' | 'tcp'; server?: string }): RuleResult {
  const lab = server === undefined ? undefined : serverNamed(input, server);
  if (server !== undefined && !lab) return NOT_YET;
  // per page socket: the Hangul it last sent, and the text received on it since
  const sent = new Map<string, { hangul: string; received: Uint8Array }>();
  const connectedTo = new Map<string, number>();
  for (const { seq, event: e } of input.trace) {
    if (!('sock' in e) || !isPage(e.sock)) continue;
    const kind = e.type.startsWith('udp.') ? 'udp' : 'tcp';
    if (proto !== undefined && kind !== proto) continue;
    if (e.type === 'tcp.connected') connectedTo.set(e.sock, e.remote.port);
    else if ((e.type === 'udp.sent' || e.type === 'tcp.sent') && e.size > 0) {
      const hangul = hangulOf(text(e.data));
      if (hangul) sent.set(e.sock, { hangul, received: new Uint8Array() });
    } else if (e.type === 'udp.received' || e.type === 'tcp.received') {
      const waiting = sent.get(e.sock);
      const from = e.type === 'udp.received' ? e.from.port : connectedTo.get(e.sock);
      if (!waiting || (lab && from !== lab.port)) continue;
      // a datagram is whole; a TCP reply may come in pieces, cut even inside a character, so
      // gather the bytes and decode them together
      const bytes = base64ToBytes(e.data);
      waiting.received = e.type === 'udp.received' ? bytes : concatBytes(waiting.received, bytes);
      if (hangulOf(decode(waiting.received)).includes(waiting.hangul)) return passed(seq);
    }
  }
  return NOT_YET;
}

function tcpIterativeWait(input: RuleInput, { server }: { server: string }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  const rows = acceptTimeline(input.trace, lab);
  // B connected while A was open, sent while A was open, and its first reply came after A ended
  let best: number | undefined;
  for (const a of rows) {
    if (a.closedAt === undefined) continue;
    for (const b of rows) {
      if (b === a || b.connectedAt < a.connectedAt || b.connectedAt > a.closedAt) continue;
      if (b.firstSentAt === undefined || b.firstSentAt > a.closedAt) continue;
      if (b.firstReplyAt === undefined || b.firstReplyAt < a.closedAt || b.firstReplySeq === undefined) continue;
      best = Math.min(best ?? Infinity, b.firstReplySeq);
    }
  }
  return best === undefined ? NOT_YET : passed(best);
}

function tcpManyReplies(input: RuleInput, { server, count }: { server: string; count: number }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  // per page socket connected to the server: how many send-then-reply turns it had
  const turns = new Map<string, { sent: boolean; replies: number }>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock) && e.remote.port === lab.port) turns.set(e.sock, { sent: false, replies: 0 });
    const turn = 'sock' in e && e.sock !== undefined ? turns.get(e.sock) : undefined;
    if (!turn) continue;
    if (e.type === 'tcp.sent' && e.size > 0) turn.sent = true;
    else if (e.type === 'tcp.received' && turn.sent) {
      turn.sent = false;
      if (++turn.replies >= count) return passed(seq);
    } else if (e.type === 'socket.closed') turns.delete(e.sock);
  }
  return NOT_YET;
}

function tcpConcurrentClients(input: RuleInput, { server, count }: { server: string; count: number }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  const open = new Set<string>();
  const answered = new Set<string>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock) && e.remote.port === lab.port) open.add(e.sock);
    else if (e.type === 'tcp.received' && open.has(e.sock)) {
      answered.add(e.sock);
      if (answered.size >= count) return passed(seq);
    } else if (e.type === 'tcp.finSent' || e.type === 'socket.closed') {
      open.delete(e.sock);
      answered.delete(e.sock);
    }
  }
  return NOT_YET;
}

function frameRejected(input: RuleInput, { server }: { server: string }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  const seqs = framedChunks(input, lab, 'lab').flatMap((chunks) => runDecoder(chunks).steps.find((s) => s.items.some((x) => x.kind === 'error'))?.chunk.seq ?? []);
  return seqs.length === 0 ? NOT_YET : passed(Math.min(...seqs));
}

/** The chunks each connection to a framed server received, on the page's side, the server's, or both. */
function framedChunks(input: RuleInput, lab: LabServerStatus, side: 'page' | 'lab' | 'any'): Chunk[][] {
  const ours = new Set<string>();
  const chunks = new Map<string, Chunk[]>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock) && e.remote.port === lab.port && side !== 'lab') ours.add(e.sock);
    else if (e.type === 'tcp.accepted' && e.sock === lab.sock && side !== 'page') ours.add(e.conn);
    else if (e.type === 'tcp.received' && ours.has(e.sock)) {
      const list = chunks.get(e.sock) ?? [];
      list.push({ seq, t: e.t, bytes: base64ToBytes(e.data) });
      chunks.set(e.sock, list);
    }
  }
  return [...chunks.values()];
}

function frameRule(find: (run: ReturnType<typeof runDecoder>) => DecodeStep | undefined) {
  return (input: RuleInput, { server, side }: { server: string; side: 'page' | 'lab' | 'any' }): RuleResult => {
    const lab = serverNamed(input, server);
    if (!lab) return NOT_YET;
    const seqs = framedChunks(input, lab, side).flatMap((chunks) => find(runDecoder(chunks))?.chunk.seq ?? []);
    return seqs.length === 0 ? NOT_YET : passed(Math.min(...seqs));
  };
}

/** Both textbook exchanges, one over each transport (lesson 2): passes when the later one is done. */
function udpAndTcpRoundtrip(input: RuleInput, { udp, tcp }: { udp: string; tcp: string }): RuleResult {
  const overUdp = udpRoundtrip(input, { server: udp });
  const overTcp = tcpRoundtrip(input, { server: tcp });
  return overUdp.passed && overTcp.passed ? passed(Math.max(overUdp.seq, overTcp.seq)) : NOT_YET;
}

/** The ping number of a pinger's datagram ("Ping 3 1712345678.9", or the capitals coming back). */
const pingNumber = (data: string): number | undefined => {
  const m = /^PING (\d+) /i.exec(text(data));
  return m ? Number(m[1]) : undefined;
};

function pingerTimeout(input: RuleInput, { within }: { within: number }): RuleResult {
  // a relay forwards pings and replies: a socket (or a sibling, "path" and "path~1") that passes
  // on a ping it received is not a pinger waiting for its answer
  const forwarded = new Set<string>();
  const base = baseSocketId;
  let pending: { seq: number; sock: string; n: number; deadline: number }[] = [];
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'relay.started') forwarded.add(e.sock);
    if (e.type !== 'udp.sent' && e.type !== 'udp.received') continue;
    const n = pingNumber(e.data);
    if (n === undefined) continue;
    if (e.type === 'udp.received') {
      forwarded.add(`${base(e.sock)} ${n}`);
      pending = pending.filter((p) => !(p.sock === e.sock && p.n === n && e.t <= p.deadline));
    } else if (isPage(e.sock) && !forwarded.has(base(e.sock)) && !forwarded.has(`${base(e.sock)} ${n}`)) {
      pending.push({ seq, sock: e.sock, n, deadline: e.t + within * SECOND });
    }
  }
  const timedOut = pending.find((p) => input.now >= p.deadline);
  if (timedOut) return passed(timedOut.seq);
  return pending.length === 0 ? NOT_YET : { passed: false, recheckAt: Math.min(...pending.map((p) => p.deadline)) };
}

export const RULES = {
  /** A page UDP socket sent to the named lab server and received its reply. */
  'udp-roundtrip': rule(z.strictObject({ server: LabServerNameSchema.default('udp-upper') }), udpRoundtrip),
  /** A datagram was cut by recvfrom(bufsize): any socket, or the named server's exchange only. */
  'udp-truncated': rule(z.strictObject({ server: LabServerNameSchema.optional() }), udpTruncated),
  /** A page UDP socket sent (to `port`, or anywhere) and no reply came from there within `within` s. */
  'udp-no-reply': rule(z.strictObject({ within: z.number().positive().max(60).default(2), port: z.int().min(0).max(65535).optional() }), udpNoReply),
  /** A page TCP socket connected to the named lab server, sent, and received the reply. */
  'tcp-roundtrip': rule(z.strictObject({ server: LabServerNameSchema.default('tcp-upper') }), tcpRoundtrip),
  /** A page's connect() failed with ECONNREFUSED (to `port`, if given). */
  'tcp-refused': rule(z.strictObject({ port: z.int().min(0).max(65535).optional() }), tcpRefused),
  /** One welcoming socket (the named server's, or any) had two connection sockets open at once. */
  'tcp-two-connections': rule(z.strictObject({ server: LabServerNameSchema.optional() }), tcpTwoConnections),
  /** A sentence with Hangul went out from a page socket and came back on it (from the named server). */
  'korean-roundtrip': rule(z.strictObject({ proto: z.enum(['udp', 'tcp']).optional(), server: LabServerNameSchema.optional() }), koreanRoundtrip),
  /** A page UDP socket and a page TCP socket each got the reply of their lab server (the textbook's
   * two uppercase servers, both on port 12000). */
  'udp-and-tcp-roundtrip': rule(z.strictObject({ udp: LabServerNameSchema.default('udp-upper'), tcp: LabServerNameSchema.default('tcp-upper') }), udpAndTcpRoundtrip),
  /** A page socket sent a ping ("Ping n time") and its reply did not come within `within` seconds:
   * "Request timed out" (lesson 9). */
  'pinger-timeout': rule(z.strictObject({ within: z.number().positive().max(30).default(1) }), pingerTimeout),
  /** Two page clients of an iterative server: the second sent while the first was connected and got
   * its reply only after the first closed (lesson 5). */
  'tcp-iterative-wait': rule(z.strictObject({ server: LabServerNameSchema.default('echo-iterative') }), tcpIterativeWait),
  /** One page connection to the server had `count` send-then-reply turns (a persistent connection). */
  'tcp-many-replies': rule(z.strictObject({ server: LabServerNameSchema, count: z.int().min(2).max(100).default(2) }), tcpManyReplies),
  /** `count` page connections to the server were open at once and every one of them got a reply. */
  'tcp-concurrent-clients': rule(z.strictObject({ server: LabServerNameSchema.default('echo-concurrent'), count: z.int().min(2).max(16).default(3) }), tcpConcurrentClients),
  /** Seed 002's decoder put together a frame whose bytes came in two or more recv() calls (lesson 6). */
  'frame-reassembled': rule(z.strictObject({ server: LabServerNameSchema.default('framed-echo'), side: z.enum(['page', 'lab', 'any']).default('any') }), frameRule((run) => reassembled(run)?.step)),
  /** The framed server's decoder refused a bad frame (bad size, too large, not UTF-8). */
  'frame-rejected': rule(z.strictObject({ server: LabServerNameSchema.default('framed-echo') }), frameRejected),
  /** One recv() returned two or more whole frames: two sends arrived together (lesson 6). */
  'frames-coalesced': rule(z.strictObject({ server: LabServerNameSchema.default('framed-echo'), side: z.enum(['page', 'lab', 'any']).default('any') }), frameRule(coalesced)),
  /** On one page connection to the game server: a login (or new) answered [true], then a move answered [true] (lesson 7). */
  'game-logged-in-moved': rule(z.strictObject({ server: LabServerNameSchema.default('game') }), gameLoggedInMoved),
  /** The game server refused a command with LOGIN_REQUIRED: sent before logging in (lesson 7). */
  'game-refused-before-login': rule(z.strictObject({ server: LabServerNameSchema.default('game') }), gameRefusedBeforeLogin),
  /** A POST /questions answered 201, then a GET /questions whose response lists that question (lesson 8). */
  'http-post-then-get': rule(z.strictObject({ server: LabServerNameSchema.default('http-api') }), httpPostThenGet),
  /** A request typed by hand in a console (not sent by the HTTP form) was answered 2xx (lesson 8). */
  'http-raw-request': rule(z.strictObject({ server: LabServerNameSchema.default('http-api') }), httpRawRequest),
};

export type RuleName = keyof typeof RULES;

export function isRuleName(name: string): name is RuleName {
  return Object.hasOwn(RULES, name);
}

/** Runs a rule by name with raw params from lesson.yaml (validated again here, so defaults apply). */
export function runRule(name: string, params: Record<string, unknown>, input: RuleInput): RuleResult {
  if (!isRuleName(name)) return NOT_YET;
  const r = RULES[name] as Rule;
  const parsed = r.params.safeParse(params);
  return parsed.success ? r.check(input, parsed.data) : NOT_YET;
}
