// The flow at rates a person cannot read (arrows folded into summary rows, outside senders' columns
// bounded), and the flow of one lesson (drawn from the lesson's opening, earlier traffic kept).
import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../../../web/flow/model.js';
import { EXTERNAL_IDLE_US, MAX_EXTERNAL_COLUMNS } from '../../../web/flow/outside.js';
import { MAX_MEMBERS, SUMMARY_RATE } from '../../../web/flow/summaries.js';
import { summaryRate } from '../../../web/flow/describe.js';
import type { SummaryRow } from '../../../web/flow/types.js';
import { A, arrows, b64, build, LAB_TCP, LAB_UDP, marks, Script, summary } from './script.js';

const server = A(12000);
const summaries = (rows: readonly { kind: string }[]) => rows.filter((r): r is SummaryRow => r.kind === 'summary');

/** A program outside the lab sends `text` to udp-upper from `port`, and gets the capitals back. */
function outsideExchange(s: Script, port: number, text: string, gapUs: number): Script {
  const them = A(port);
  const size = text.length;
  s.wait(gapUs);
  return s.add(
    { type: 'udp.received', sock: LAB_UDP, from: them, to: server, size, data: b64(text), truncated: false },
    { type: 'udp.sent', sock: LAB_UDP, from: server, to: them, size, data: b64(text.toUpperCase()) },
  );
}

describe('flow summaries: every arrow at reading speed, a summary above it', () => {
  it('draws every arrow on its own row at ten arrows a second', () => {
    const s = new Script().hello();
    // one round trip every 200 ms: two arrows each, ten a second
    for (let i = 0; i < 30; i++) outsideExchange(s, 51260, `ping ${i}`, 200_000 - 20);
    const { view } = build(s);
    expect(summaries(view.rows)).toHaveLength(0);
    expect(arrows(view)).toHaveLength(60);
    expect(view.summarised).toBe(0);
  });

  it('folds a flood between two lifelines into one summary row that counts every arrow, its rate and bytes', () => {
    const s = new Script().hello();
    // 1,000 round trips 1 ms apart: 2,000 arrows a second for a second
    for (let i = 0; i < 1000; i++) outsideExchange(s, 51260, 'abcd', 1000 - 20);
    const { view } = build(s);
    const [folded, ...more] = summaries(view.rows);
    expect(more).toHaveLength(0);
    // the first arrows, still at reading speed, are drawn one by one; the rest are folded
    const single = arrows(view);
    expect(single).toHaveLength(SUMMARY_RATE);
    expect(folded!.count).toBe(2000 - SUMMARY_RATE);
    expect(single.length + folded!.count).toBe(2000);
    expect(view.summarised).toBe(folded!.count);
    expect(folded!.bytes).toBe(folded!.count * 4);
    expect(new Set([folded!.a, folded!.b])).toEqual(new Set(['ext:127.0.0.1:51260', LAB_UDP]));
    expect(summaryRate(folded!)).toBeGreaterThan(1900);
    expect(summaryRate(folded!)).toBeLessThan(2100);
    // every arrow kept is exact, in order, and points at the summary's row
    expect(folded!.members.length).toBeGreaterThanOrEqual(MAX_MEMBERS);
    expect(folded!.members.length).toBeLessThan(MAX_MEMBERS * 1.25);
    expect(folded!.members.every((m) => m.row === folded!.row && m.summary === folded)).toBe(true);
    const times = folded!.members.map((m) => m.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(folded!.members.at(-1)!.data).toBe(b64('ABCD'));
  });

  it('keeps other pairs drawn one by one while a flood is folded, and ends the summary when the flood stops', () => {
    const s = new Script().hello().add({ type: 'udp.bound', sock: 'udp-client-1', local: A(54321), bufsize: 2048 });
    for (let i = 0; i < 200; i++) outsideExchange(s, 51260, 'abcd', 1000 - 20);
    s.udpExchange('udp-client-1', 54321, 'mine');
    for (let i = 0; i < 50; i++) outsideExchange(s, 51260, 'abcd', 1000 - 20);
    s.wait(2_000_000);
    outsideExchange(s, 51260, 'late', 0);
    const { view } = build(s);
    const [folded] = summaries(view.rows);
    expect(summaries(view.rows)).toHaveLength(1);
    expect(folded!.count).toBe(500 - SUMMARY_RATE);
    const mine = arrows(view).filter((a) => a.from === 'udp-client-1' || a.to === 'udp-client-1');
    expect(mine.map((a) => a.status)).toEqual(['delivered', 'delivered']);
    // after two quiet seconds the pair is at reading speed again
    expect(view.rows.slice(-2).map(summary)).toEqual([`datagram ext:127.0.0.1:51260>${LAB_UDP} external`, `datagram ${LAB_UDP}>ext:127.0.0.1:51260 external`]);
    expect(folded!.open).toBe(false);
  });

  it('updates a folded datagram when its receipt comes (step and inspector stay exact)', () => {
    const s = new Script().hello().add({ type: 'udp.bound', sock: 'udp-client-1', local: A(54321), bufsize: 2048 });
    for (let i = 0; i < 20; i++) s.udpExchange('udp-client-1', 54321, `n${i}`);
    const { view } = build(s);
    const [folded] = summaries(view.rows);
    expect(folded!.members.every((m) => m.status === 'delivered')).toBe(true);
    expect(folded!.members.map((m) => m.sentSeq !== undefined && m.recvSeq !== undefined)).not.toContain(false);
  });
});

describe('flow columns stay bounded', () => {
  it('folds an outside sender that has been quiet away, and gives its column to the next', () => {
    const s = new Script().hello();
    // a client rerun from a terminal every second: a new port each time, for two minutes
    for (let i = 0; i < 120; i++) outsideExchange(s, 40000 + i, 'hi', 1_000_000);
    const { view } = build(s);
    const outside = view.columns.filter((c) => c.group === 'client:external');
    expect(outside.length).toBeLessThanOrEqual(MAX_EXTERNAL_COLUMNS);
    expect(view.columns.length).toBeLessThanOrEqual(MAX_EXTERNAL_COLUMNS + 2);
    // every datagram is still drawn, and the latest sender has a column
    expect(arrows(view)).toHaveLength(240);
    expect(view.lifelines.get('ext:127.0.0.1:40119')!.lane).toBeDefined();
  });

  it('closes an outside sender after it has been idle, and draws it anew when it comes back', () => {
    const s = new Script().hello();
    outsideExchange(s, 40000, 'hi', 0);
    outsideExchange(s, 40000, 'hi', EXTERNAL_IDLE_US + 1000);
    const { view } = build(s);
    expect(view.lifelines.get('ext:127.0.0.1:40000')!.closed).toBe(true);
    const again = view.lifelines.get('ext:127.0.0.1:40000@2')!;
    expect(again.closed).toBe(false);
    expect(again.lane).toBe(view.lifelines.get('ext:127.0.0.1:40000')!.lane);
  });
});

describe("one lesson's flow", () => {
  /** Lesson A's traffic, then lesson B opens at the returned seq and sends from a new socket. */
  function twoLessons(): { s: Script; since: number } {
    const s = new Script().hello().add({ type: 'udp.bound', sock: 'udp-client-1', local: A(44779), bufsize: 2048 });
    s.udpExchange('udp-client-1', 44779, 'lesson a');
    s.add({ type: 'socket.closed', sock: 'udp-client-1', reason: 'local' });
    const since = s.events.length + 1;
    s.add({ type: 'udp.bound', sock: 'udp-client-6', local: A(47371), bufsize: 2048 });
    s.udpExchange('udp-client-6', 47371, 'lesson b');
    return { s, since };
  }

  it('draws only what happened since the lesson opened, and counts what it leaves out', () => {
    const { s, since } = twoLessons();
    const { view } = build(s, { since });
    expect(view.rows.map(summary)).toEqual(['bound udp-client-6', `datagram udp-client-6>${LAB_UDP} delivered`, `datagram ${LAB_UDP}>udp-client-6 delivered`]);
    expect(view.lifelines.get('udp-client-1')?.lane).toBeUndefined();
    expect(view.earlier).toBe(since - 1);
    expect(view.columns).toHaveLength(2);
  });

  it('draws everything, earlier lessons included, without a window', () => {
    const { s } = twoLessons();
    const { view } = build(s);
    expect(arrows(view)).toHaveLength(4);
    expect(view.earlier).toBe(0);
  });

  it('still knows the sockets opened before the window (a server a lesson started earlier)', () => {
    const s = new Script().hello().add({ type: 'tcp.listening', sock: 'srv', local: A(12100), backlog: 5 });
    const since = s.events.length + 1;
    s.add({ type: 'tcp.connecting', sock: 'c', remote: A(12100) }, { type: 'tcp.connected', sock: 'c', local: A(45000), remote: A(12100) });
    const { view } = build(s, { since });
    expect(arrows(view).map((a) => `${a.arrow} ${a.from}>${a.to}`)).toEqual(['syn c>srv', 'synAck srv>c', 'ack c>srv']);
  });
});

describe('what the flow says', () => {
  it('draws accept() after the handshake even when the server reports it before connect() returns', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'tcp.connecting', sock: 'c', remote: server },
        { type: 'tcp.accepted', sock: LAB_TCP, conn: `${LAB_TCP}#1`, local: server, remote: A(45000) },
        { type: 'tcp.connected', sock: 'c', local: A(45000), remote: server },
      );
    const { view } = build(s);
    expect(view.rows.map(summary)).toEqual([
      `syn c>${LAB_TCP} delivered`,
      `synAck ${LAB_TCP}>c delivered`,
      `ack c>${LAB_TCP} delivered`,
      `accepted ${LAB_TCP}#1`,
    ]);
  });

  it("shows no mark for the lab's own error codes", () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'tcp.connecting', sock: 'c', remote: server },
        { type: 'tcp.connected', sock: 'c', local: A(45000), remote: server },
        { type: 'socket.error', sock: 'c', call: 'recv', code: 'ECONNRESET', message: 'reset' },
        { type: 'socket.closed', sock: 'c', reason: 'error' },
        { type: 'socket.error', sock: 'c', call: 'recv', code: 'LAB_NO_SUCH_SOCKET', message: 'no such socket' },
      );
    const { view } = build(s);
    expect(marks(view).map((m) => m.code)).toEqual(['ECONNRESET', 'error']);
  });

  it('keeps work per new event when a flood is folded', () => {
    const s = new Script().hello();
    for (let i = 0; i < 5000; i++) outsideExchange(s, 51260, 'abcd', 100);
    const builder = new FlowBuilder();
    builder.sync(s.state());
    expect(builder.view().rows.length).toBeLessThan(20);
  });
});
