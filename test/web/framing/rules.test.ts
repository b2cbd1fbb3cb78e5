// The observe rules of lessons 5 and 6, over hand-made traces shaped like the real bridge's.
import { describe, expect, it } from 'vitest';
import type { Event, LabServerStatus } from '../../../protocol/messages.js';
import { runRule } from '../../../web/lessons/rules/index.js';
import { acceptTimeline } from '../../../web/framing/timeline.js';
import { closed, tcpAccepted, tcpConnected, tcpConnecting, tcpReceived, tcpSent, trace } from '../lessons/events.js';

const server = (name: string, port: number): LabServerStatus => ({ name, proto: 'tcp', port, state: 'running', sock: `lab:${name}` });
const ITERATIVE = server('echo-iterative', 12002);
const CONCURRENT = server('echo-concurrent', 12012);
const FRAMED = server('framed-echo', 12003);
const servers = [ITERATIVE, CONCURRENT, FRAMED];
const run = (rule: string, events: Event[], params: Record<string, unknown> = {}) => runRule(rule, params, { trace: trace(...events), servers, now: 0 });
const fin = (t: number, sock: string): Event => ({ type: 'tcp.finSent', t, sock });

/** Two page clients of the iterative server: A is served; B connects and sends while A is open. */
function iterative(bSendsBeforeAClose = true): Event[] {
  const L = 'lab:echo-iterative';
  return [
    tcpConnecting(1, 'a', 12002),
    tcpAccepted(2, L, `${L}#1`, 12002, 40001), // accepted before the client hears connect() returned
    tcpConnected(3, 'a', 40001, 12002),
    tcpSent(4, 'a', 'hi from a'),
    tcpReceived(5, 'a', 'hi from a'),
    tcpConnecting(6, 'b', 12002),
    tcpConnected(7, 'b', 40002, 12002),
    ...(bSendsBeforeAClose ? [tcpSent(8, 'b', 'hi from b')] : []),
    fin(9, 'a'),
    closed(10, 'a'),
    closed(11, `${L}#1`),
    tcpAccepted(12, L, `${L}#2`, 12002, 40002),
    ...(bSendsBeforeAClose ? [] : [tcpSent(12.5, 'b', 'hi from b')]),
    tcpReceived(13, 'b', 'hi from b'),
  ];
}

describe('accept timeline', () => {
  it('shows the second client connected at once but accepted only when the first closed', () => {
    const rows = acceptTimeline(trace(...iterative()), ITERATIVE);
    expect(rows.map((r) => [r.sock, r.connectedAt, r.acceptedAt, r.firstReplyAt, r.closedAt])).toEqual([
      ['a', 3, 2, 5, 9],
      ['b', 7, 12, 13, undefined],
    ]);
  });
  it('ignores connections to other servers', () => {
    expect(acceptTimeline(trace(tcpConnected(1, 'x', 40009, 12012)), ITERATIVE)).toEqual([]);
  });
});

describe('tcp-iterative-wait', () => {
  it("passes when the second client's reply came only after the first closed, at that reply", () => {
    const events = iterative();
    expect(run('tcp-iterative-wait', events)).toEqual({ passed: true, seq: events.length });
  });
  it('does not pass when the second client sent only after the first had gone', () => {
    expect(run('tcp-iterative-wait', iterative(false)).passed).toBe(false);
  });
  it('does not pass while the second client still waits', () => {
    expect(run('tcp-iterative-wait', iterative().slice(0, -1)).passed).toBe(false);
  });
  it('does not pass for one client after another', () => {
    const events = [
      tcpConnected(1, 'a', 40001, 12002),
      tcpSent(2, 'a', 'x'),
      tcpReceived(3, 'a', 'x'),
      closed(4, 'a'),
      tcpConnected(5, 'b', 40002, 12002),
      tcpSent(6, 'b', 'y'),
      tcpReceived(7, 'b', 'y'),
    ];
    expect(run('tcp-iterative-wait', events).passed).toBe(false);
  });
});

describe('tcp-concurrent-clients', () => {
  const three = (port = 12012) => [
    tcpConnected(1, 'a', 40001, port),
    tcpConnected(2, 'b', 40002, port),
    tcpConnected(3, 'c', 40003, port),
    tcpSent(4, 'a', 'x'),
    tcpReceived(5, 'a', 'x'),
    tcpSent(6, 'b', 'y'),
    tcpReceived(7, 'b', 'y'),
    tcpSent(8, 'c', 'z'),
    tcpReceived(9, 'c', 'z'),
  ];
  it('passes when three open connections have each been answered, at the third answer', () => {
    expect(run('tcp-concurrent-clients', three())).toEqual({ passed: true, seq: 9 });
  });
  it('does not pass when one of them closed before the last answer', () => {
    const events = three();
    events.splice(6, 0, closed(6.5, 'a'));
    expect(run('tcp-concurrent-clients', events).passed).toBe(false);
  });
  it('does not pass for connections to another server', () => {
    expect(run('tcp-concurrent-clients', three(12002)).passed).toBe(false);
  });
  it('takes the number of clients from params', () => {
    expect(run('tcp-concurrent-clients', three().slice(0, 7), { count: 2 }).passed).toBe(true);
  });
});

describe('frame rules', () => {
  const L = 'lab:framed-echo';
  const opened = [tcpConnected(1, 'f', 40100, 12003), tcpAccepted(2, L, `${L}#1`, 12003, 40100)];
  it('frame-reassembled passes when a trickled reply was put back together on the page', () => {
    const events = [
      ...opened,
      tcpSent(3, 'f', '18 trickle abcdefghij'),
      tcpReceived(4, 'f', '10 '),
      tcpReceived(5, 'f', 'ABC'),
      tcpReceived(6, 'f', 'DEFGHIJ'),
    ];
    expect(run('frame-reassembled', events)).toEqual({ passed: true, seq: 6 });
    expect(run('frame-reassembled', events, { side: 'lab' }).passed).toBe(false);
  });
  it('frame-reassembled passes for a frame the server got in two reads', () => {
    const events = [...opened, tcpReceived(3, `${L}#1`, '5 he'), tcpReceived(4, `${L}#1`, 'llo')];
    expect(run('frame-reassembled', events, { side: 'lab' })).toEqual({ passed: true, seq: 4 });
  });
  it('frame-reassembled does not pass for whole frames, one per read', () => {
    expect(run('frame-reassembled', [...opened, tcpReceived(3, 'f', '5 HELLO'), tcpReceived(4, 'f', '5 WORLD')]).passed).toBe(false);
  });
  it('frame-reassembled ignores sockets that are not connected to the framed server', () => {
    expect(run('frame-reassembled', [tcpConnected(1, 'g', 40200, 12002), tcpReceived(2, 'g', '5 he'), tcpReceived(3, 'g', 'llo')]).passed).toBe(false);
  });
  it('frames-coalesced passes when one recv() held two whole frames', () => {
    expect(run('frames-coalesced', [...opened, tcpReceived(3, `${L}#1`, '5 hello5 world')])).toEqual({ passed: true, seq: 3 });
    expect(run('frames-coalesced', [...opened, tcpReceived(3, `${L}#1`, '5 hello')]).passed).toBe(false);
  });
});

describe('tcp-many-replies', () => {
  const turns = [tcpConnected(1, 'e', 40300, 12012), tcpSent(2, 'e', 'one'), tcpReceived(3, 'e', 'one'), tcpSent(4, 'e', 'two'), tcpReceived(5, 'e', 'two')];
  it('passes at the second reply on one connection', () => {
    expect(run('tcp-many-replies', turns, { server: 'echo-concurrent' })).toEqual({ passed: true, seq: 5 });
  });
  it("does not pass for one reply per connection, as the textbook's one-shot client does", () => {
    const oneShot = [
      tcpConnected(1, 'a', 40301, 12012),
      tcpSent(2, 'a', 'one'),
      tcpReceived(3, 'a', 'one'),
      closed(4, 'a'),
      tcpConnected(5, 'b', 40302, 12012),
      tcpSent(6, 'b', 'two'),
      tcpReceived(7, 'b', 'two'),
    ];
    expect(run('tcp-many-replies', oneShot, { server: 'echo-concurrent' }).passed).toBe(false);
  });
  it('does not count two pieces of one reply as two replies', () => {
    expect(run('tcp-many-replies', [...turns.slice(0, 3), tcpReceived(4, 'e', 'more')], { server: 'echo-concurrent' }).passed).toBe(false);
  });
});

describe('frame-rejected', () => {
  const L = 'lab:framed-echo';
  const opened = [tcpConnected(1, 'f', 40100, 12003), tcpAccepted(2, L, `${L}#1`, 12003, 40100)];
  it("passes when the server's decoder refused a frame", () => {
    expect(run('frame-rejected', [...opened, tcpReceived(3, `${L}#1`, 'hello')])).toEqual({ passed: true, seq: 3 });
  });
  it('does not pass for good frames, nor for odd bytes in the replies the page got', () => {
    expect(run('frame-rejected', [...opened, tcpReceived(3, `${L}#1`, '5 hello'), tcpReceived(4, 'f', 'xyz')]).passed).toBe(false);
  });
});
