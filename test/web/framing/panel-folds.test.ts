// The frame decoder and accept timeline panels fold the trace as it comes (web/lab/fold.ts): at
// every frame of a long, mixed session, what they show equals what re-reading the whole trace
// gave before (the functions below are the panels' former whole-trace code, kept as the oracle).
import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../../../protocol/base64.js';
import type { Event, LabServerStatus } from '../../../protocol/messages.js';
import type { Chunk } from '../../../web/framing/decoder-run.js';
import { followedIn, followFold, type Followed } from '../../../web/framing/follow.js';
import { timelineFold, type ClientRow } from '../../../web/framing/timeline.js';
import { TraceFold } from '../../../web/lab/fold.js';
import type { TraceEntry } from '../../../web/lab/state.js';
import { closed, tcpAccepted, tcpConnected, tcpConnecting, tcpReceived, tcpSent, trace } from '../lessons/events.js';

const isPage = (sock: string) => !sock.startsWith('lab:');

function oldAcceptTimeline(trace: readonly TraceEntry[], server: Pick<LabServerStatus, 'port' | 'sock'>): ClientRow[] {
  const rows: ClientRow[] = [];
  const bySock = new Map<string, ClientRow>();
  const connectingAt = new Map<string, number>();
  const earlyAccepts = new Map<number, number>();
  for (const { seq, event: e } of trace) {
    if (e.type === 'tcp.connecting' && isPage(e.sock)) connectingAt.set(e.sock, e.t);
    else if (e.type === 'tcp.connected' && isPage(e.sock) && e.remote.port === server.port) {
      const row: ClientRow = { sock: e.sock, localPort: e.local.port, connectedAt: e.t };
      const early = earlyAccepts.get(row.localPort);
      if (early !== undefined && early >= (connectingAt.get(e.sock) ?? 0)) {
        row.acceptedAt = early;
        earlyAccepts.delete(row.localPort);
      }
      rows.push(row);
      bySock.set(e.sock, row);
    } else if (e.type === 'tcp.accepted' && e.sock === server.sock) {
      const row = [...rows].reverse().find((r) => r.localPort === e.remote.port && r.acceptedAt === undefined && r.closedAt === undefined);
      if (row) row.acceptedAt = e.t;
      else earlyAccepts.set(e.remote.port, e.t);
    } else if (e.type === 'tcp.sent' || e.type === 'tcp.received' || e.type === 'tcp.finSent' || e.type === 'socket.closed') {
      const row = bySock.get(e.sock);
      if (!row) continue;
      if (e.type === 'tcp.sent' && e.size > 0) row.firstSentAt ??= e.t;
      else if (e.type === 'tcp.received' && row.firstReplyAt === undefined) {
        row.firstReplyAt = e.t;
        row.firstReplySeq = seq;
      } else if (e.type === 'tcp.finSent' || e.type === 'socket.closed') {
        row.closedAt ??= e.t;
        bySock.delete(e.sock);
      }
    }
  }
  return rows;
}

function oldNewestConnection(trace: readonly TraceEntry[], server: Pick<LabServerStatus, 'port' | 'sock'>, only?: string): Followed | undefined {
  let found: Followed | undefined;
  const acceptedByPort = new Map<number, string>();
  const closedSocks = new Set<string>();
  for (const { seq, event: e } of trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock) && e.remote.port === server.port && (only === undefined || e.sock === only)) {
      found = { page: e.sock, localPort: e.local.port, since: seq, pageClosed: false, peerClosed: false, labClosed: false };
      closedSocks.delete(e.sock);
    } else if (e.type === 'tcp.accepted' && e.sock === server.sock) {
      acceptedByPort.set(e.remote.port, e.conn);
    } else if (e.type === 'socket.closed') {
      closedSocks.add(e.sock);
    } else if (e.type === 'tcp.peerClosed' && e.sock === found?.page) {
      found.peerClosed = true;
    }
  }
  if (!found) return undefined;
  const lab = acceptedByPort.get(found.localPort);
  return { ...found, lab, pageClosed: closedSocks.has(found.page), labClosed: lab !== undefined && closedSocks.has(lab) };
}

function oldChunksOf(trace: readonly TraceEntry[], sock: string, since = 0): Chunk[] {
  const out: Chunk[] = [];
  for (const { seq, event: e } of trace) {
    if (seq >= since && e.type === 'tcp.received' && e.sock === sock) out.push({ seq, t: e.t, bytes: base64ToBytes(e.data) });
  }
  return out;
}

const SERVER = { port: 12003, sock: 'lab:framed-echo' };
const L = SERVER.sock;

/** A seeded session of page clients on the server (and noise elsewhere): connects accepted before or
 * after the client hears of it, an iterative server's queue, sends and replies on both ends,
 * half-closes and closes, a reused client port, and the panel's own socket reconnecting. */
function session(seed: number, clients: number): Event[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const events: Event[] = [];
  let t = 0;
  const at = () => (t += 1 + Math.floor(random() * 5));
  let conn = 0;
  for (let i = 0; i < clients; i++) {
    const sock = i % 4 === 0 ? 'mine' : `c${i}`;
    const port = 40000 + (i % 7); // ports come back
    const lab = `${L}#${++conn}`;
    const early = random() < 0.5;
    events.push(tcpConnecting(at(), sock, SERVER.port));
    if (early) events.push(tcpAccepted(at(), L, lab, SERVER.port, port));
    events.push(tcpConnected(at(), sock, port, random() < 0.1 ? 12000 : SERVER.port));
    if (!early) events.push(tcpAccepted(at(), L, lab, SERVER.port, port));
    for (let n = Math.floor(random() * 4); n > 0; n--) {
      events.push(tcpSent(at(), sock, `5 hel`), tcpReceived(at(), lab, '5 hel'), tcpReceived(at(), lab, 'lo'));
      events.push(tcpSent(at(), lab, 'hello'), tcpReceived(at(), sock, '5 hello'));
      if (random() < 0.2) events.push(tcpReceived(at(), 'lab:udp-upper', 'noise'));
    }
    if (random() < 0.3) events.push({ type: 'tcp.peerClosed', t: at(), sock });
    if (random() < 0.4) events.push({ type: 'tcp.finSent', t: at(), sock });
    if (random() < 0.8) events.push(closed(at(), sock));
    if (random() < 0.8) events.push(closed(at(), lab));
  }
  return events;
}

/** Feeds the trace to a fold in uneven frames, as the store batches events, checking each frame. */
function everyFrame(events: Event[], check: (fold: TraceEntry[]) => void): void {
  const all = trace(...events);
  for (let end = 0; end < all.length; end += 1 + (end % 5)) check(all.slice(0, end));
  check(all);
}

describe('the accept timeline panel, folded', () => {
  for (const seed of [1, 7, 42]) {
    it(`shows at every frame the rows the whole-trace timeline gave (session ${seed})`, () => {
      const fold = new TraceFold(timelineFold(SERVER, 64));
      everyFrame(session(seed, 40), (prefix) => {
        expect(fold.sync(prefix).rows.slice(-6)).toEqual(oldAcceptTimeline(prefix, SERVER).slice(-6));
      });
      expect(fold.state.rows.filter((r) => r.acceptedAt !== undefined && r.firstReplyAt !== undefined).length).toBeGreaterThan(5);
    });
  }

  it('keeps only its newest rows when told to, and the same newest rows', () => {
    const all = trace(...session(3, 60));
    const rows = new TraceFold(timelineFold(SERVER, 8)).sync(all).rows;
    expect(rows).toHaveLength(8);
    expect(rows).toEqual(oldAcceptTimeline(all, SERVER).slice(-8));
  });
});

describe('the frame decoder panel, folded', () => {
  for (const seed of [2, 9, 77]) {
    it(`follows at every frame the connection and chunks the whole-trace code did (session ${seed})`, () => {
      const fold = new TraceFold(followFold(SERVER, 'mine'));
      let withBothEnds = 0;
      everyFrame(session(seed, 40), (prefix) => {
        const now = followedIn(fold.sync(prefix));
        const followed = oldNewestConnection(prefix, SERVER, 'mine');
        expect(now.followed).toEqual(followed);
        expect(now.pageChunks).toEqual(followed ? oldChunksOf(prefix, followed.page, followed.since) : []);
        expect(now.labChunks).toEqual(followed?.lab ? oldChunksOf(prefix, followed.lab) : []);
        if (now.labChunks.length > 0 && now.pageChunks.length > 0) withBothEnds++;
      });
      expect(withBothEnds).toBeGreaterThan(10);
    });
  }
});
