import { describe, expect, it } from 'vitest';
import { A, arrows, b64, build, columnOf, LAB_UDP, marks, Script, summary } from './script.js';

describe('flow model: UDP datagrams', () => {
  it('pairs each udp.sent with the udp.received of the socket bound to its destination', () => {
    const s = new Script().hello().add({ type: 'udp.bound', sock: 'udp-client-1', local: A(54321), bufsize: 2048 });
    s.udpExchange('udp-client-1', 54321, 'hello world');
    const { view } = build(s);
    expect(view.rows.map(summary)).toEqual([
      'bound udp-client-1',
      'datagram udp-client-1>lab:udp-upper delivered',
      'datagram lab:udp-upper>udp-client-1 delivered',
    ]);
    const [out, back] = arrows(view);
    expect(out!.src).toEqual(A(54321));
    expect(out!.dst).toEqual(A(12000));
    expect(out!.size).toBe(11);
    expect(out!.data).toBe(b64('hello world'));
    expect(out!.sentSeq).toBeLessThan(out!.recvSeq!);
    expect(back!.data).toBe(b64('HELLO WORLD'));
  });

  it('draws the page client left of the lab server', () => {
    const s = new Script().hello().add({ type: 'udp.bound', sock: 'udp-client-1', local: A(54321), bufsize: 2048 });
    s.udpExchange('udp-client-1', 54321, 'hi');
    const { view } = build(s);
    expect(columnOf(view, 'udp-client-1')).toBeLessThan(columnOf(view, LAB_UDP));
    expect(view.lifelines.get(LAB_UDP)!.owner).toBe('lab');
    expect(view.groups.find((g) => g.side === 'server')!.label).toBe('127.0.0.1:12000');
  });

  it('draws a datagram to a port where no lab socket is bound as gone outside the lab, to an address of its own', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'udp.bound', sock: 'c', local: A(50000), bufsize: 2048 },
        { type: 'udp.sent', sock: 'c', from: A(50000), to: A(9999), size: 2, data: b64('hi') },
      );
    const { view } = build(s);
    const [lost] = arrows(view);
    // a program the lab cannot see may read it (the student's own UDPServer.py): the lab cannot tell
    expect(lost!.status).toBe('external');
    expect(lost!.to).toBe('ext:127.0.0.1:9999');
    expect(view.lifelines.get('ext:127.0.0.1:9999')!.side).toBe('server');
    expect(columnOf(view, 'c')).toBeLessThan(columnOf(view, 'ext:127.0.0.1:9999'));
  });

  it('keeps a datagram to a bound socket pending, then lost when no receipt comes within a second', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'udp.bound', sock: 'c', local: A(50000), bufsize: 2048 },
        { type: 'udp.sent', sock: 'c', from: A(50000), to: A(12000), size: 2, data: b64('hi') },
      );
    const { builder, view } = build(s);
    expect(arrows(view)[0]!.status).toBe('pending');
    expect(builder.expire(s.t + 999_000)).toBe(false);
    expect(builder.expire(s.t + 1_001_000)).toBe(true);
    expect(arrows(builder.view())[0]!.status).toBe('lost');
  });

  it('declares lost what a later event shows has waited too long', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'udp.bound', sock: 'c', local: A(50000), bufsize: 2048 },
        { type: 'udp.sent', sock: 'c', from: A(50000), to: A(12000), size: 2, data: b64('hi') },
      );
    s.wait(2_000_000).udpExchange('c', 50000, 'again');
    const { view } = build(s);
    expect(arrows(view).map((a) => a.status)).toEqual(['lost', 'delivered', 'delivered']);
  });

  it('pairs a receipt reported before its send into one arrow', () => {
    const me = A(50000);
    const s = new Script().hello().add(
      { type: 'udp.bound', sock: 'c', local: me, bufsize: 2048 },
      { type: 'udp.sent', sock: 'c', from: me, to: A(12000), size: 1, data: b64('a') },
      { type: 'udp.received', sock: LAB_UDP, from: me, to: A(12000), size: 1, data: b64('a'), truncated: false },
      // the reply's receipt overtakes the lab's udp.sent
      { type: 'udp.received', sock: 'c', from: A(12000), to: me, size: 1, data: b64('A'), truncated: false },
      { type: 'udp.sent', sock: LAB_UDP, from: A(12000), to: me, size: 1, data: b64('A') },
    );
    const { view } = build(s);
    expect(arrows(view).map(summary)).toEqual(['datagram c>lab:udp-upper delivered', 'datagram lab:udp-upper>c delivered']);
    expect(arrows(view)[1]!.sentSeq).toBeDefined();
  });

  it('pairs datagrams in order when several are in flight between the same sockets', () => {
    const me = A(50000);
    const sent = (text: string) => ({ type: 'udp.sent', sock: 'c', from: me, to: A(12000), size: text.length, data: b64(text) }) as const;
    const got = (text: string) =>
      ({ type: 'udp.received', sock: LAB_UDP, from: me, to: A(12000), size: text.length, data: b64(text), truncated: false }) as const;
    const s = new Script()
      .hello()
      .add({ type: 'udp.bound', sock: 'c', local: me, bufsize: 2048 }, sent('one'), sent('two'), sent('six'), got('one'), got('two'), got('six'));
    const { view } = build(s);
    expect(arrows(view).map((a) => [a.status, a.sentSeq! + 3 === a.recvSeq])).toEqual([
      ['delivered', true],
      ['delivered', true],
      ['delivered', true],
    ]);
  });

  it('shows a program the lab cannot see as an outside sender on the client side, and replies to it as outside', () => {
    const server = A(12345);
    const outside = A(40000);
    const s = new Script()
      .hello()
      .add(
        { type: 'udp.bound', sock: 'udp-server-1', local: server, bufsize: 2048 },
        { type: 'udp.received', sock: 'udp-server-1', from: outside, to: server, size: 2, data: b64('hi'), truncated: false },
        { type: 'udp.sent', sock: 'udp-server-1', from: server, to: outside, size: 2, data: b64('HI') },
      );
    const { view } = build(s);
    expect(arrows(view).map(summary)).toEqual(['datagram ext:127.0.0.1:40000>udp-server-1 external', 'datagram udp-server-1>ext:127.0.0.1:40000 external']);
    expect(view.lifelines.get('udp-server-1')!.side).toBe('server');
    expect(columnOf(view, 'ext:127.0.0.1:40000')).toBeLessThan(columnOf(view, 'udp-server-1'));
  });

  it('marks the datagrams a socket dropped while the page was behind as lost', () => {
    const me = A(50000);
    const s = new Script()
      .hello()
      .add(
        { type: 'udp.bound', sock: 'c', local: me, bufsize: 2048 },
        { type: 'udp.sent', sock: LAB_UDP, from: A(12000), to: me, size: 1, data: b64('A') },
        { type: 'udp.sent', sock: LAB_UDP, from: A(12000), to: me, size: 1, data: b64('B') },
        { type: 'udp.dropped', sock: 'c', count: 1 },
        { type: 'udp.received', sock: 'c', from: A(12000), to: me, size: 1, data: b64('B'), truncated: false },
      );
    const { view } = build(s);
    expect(arrows(view).map((a) => a.status)).toEqual(['lost', 'delivered']);
    expect(marks(view).map((m) => [m.mark, m.count])).toContainEqual(['dropped', 1]);
  });

  it('records that recvfrom cut a datagram longer than its buffer', () => {
    const me = A(50000);
    const s = new Script()
      .hello()
      .add(
        { type: 'udp.bound', sock: 'c', local: me, bufsize: 2048 },
        { type: 'udp.sent', sock: 'c', from: me, to: A(12000), size: 3000, data: b64('x'.repeat(3000)) },
        { type: 'udp.received', sock: LAB_UDP, from: me, to: A(12000), size: 3000, data: b64('x'.repeat(2048)), truncated: true },
      );
    const [a] = arrows(build(s).view);
    expect(a!.status).toBe('delivered');
    expect(a!.truncated).toBe(true);
    expect(a!.size).toBe(3000);
  });

  it('draws what is still on its way to a socket that closes as lost', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'udp.bound', sock: 'c', local: A(50000), bufsize: 2048 },
        { type: 'udp.sent', sock: LAB_UDP, from: A(12000), to: A(50000), size: 1, data: b64('A') },
        { type: 'socket.closed', sock: 'c', reason: 'local' },
      );
    const { view } = build(s);
    expect(arrows(view)[0]!.status).toBe('lost');
    expect(view.lifelines.get('c')!.closed).toBe(true);
  });
});
