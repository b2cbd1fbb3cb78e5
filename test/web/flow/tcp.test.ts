import { describe, expect, it } from 'vitest';
import { A, arrows, b64, build, columnOf, LAB_TCP, marks, Script, summary } from './script.js';

const client = A(45000);
const server = A(12000);
const conn = `${LAB_TCP}#1`;

/** connect() to the lab's tcp-upper and accept() there, in the order given. */
function connect(s: Script, sock = 'tcp-client-1', me = client, n = 1, acceptFirst = false): Script {
  const connected = { type: 'tcp.connected', sock, local: me, remote: server } as const;
  const accepted = { type: 'tcp.accepted', sock: LAB_TCP, conn: `${LAB_TCP}#${n}`, local: server, remote: me } as const;
  s.add({ type: 'tcp.connecting', sock, remote: server });
  return acceptFirst ? s.add(accepted, connected) : s.add(connected, accepted);
}

describe('flow model: TCP', () => {
  it('draws the handshake as done by the operating system, then accept() making a connection socket', () => {
    const { view } = build(connect(new Script().hello()));
    expect(view.rows.map(summary)).toEqual([
      'syn tcp-client-1>lab:tcp-upper delivered',
      'synAck lab:tcp-upper>tcp-client-1 delivered',
      'ack tcp-client-1>lab:tcp-upper delivered',
      `accepted ${conn}`,
    ]);
    expect(arrows(view).every((a) => a.byOs)).toBe(true);
    const accepted = marks(view)[0]!;
    expect(accepted.from).toBe(LAB_TCP);
    expect(accepted.remote).toEqual(client);
    const line = view.lifelines.get(conn)!;
    expect(line.parent).toBe(LAB_TCP);
    expect(columnOf(view, 'tcp-client-1')).toBeLessThan(columnOf(view, LAB_TCP));
    expect(columnOf(view, LAB_TCP)).toBeLessThan(columnOf(view, conn));
  });

  it('does not invent an outside client when accept() is reported before connect() returns', () => {
    const { view } = build(connect(new Script().hello(), 'c', client, 1, true));
    expect(arrows(view).map((a) => `${a.arrow} ${a.status}`)).toEqual(['syn delivered', 'synAck delivered', 'ack delivered']);
    expect([...view.lifelines.keys()].some((id) => id.startsWith('ext:'))).toBe(false);
  });

  it('runs the textbook exchange: data each way, each read in one recv(), then FIN both ways', () => {
    const s = connect(new Script().hello()).add(
      { type: 'tcp.sent', sock: 'tcp-client-1', size: 5, data: b64('hello') },
      { type: 'tcp.received', sock: conn, size: 5, data: b64('hello') },
      { type: 'tcp.sent', sock: conn, size: 5, data: b64('HELLO') },
      { type: 'tcp.finSent', sock: conn },
      { type: 'socket.closed', sock: conn, reason: 'local' },
      { type: 'tcp.received', sock: 'tcp-client-1', size: 5, data: b64('HELLO') },
      { type: 'tcp.peerClosed', sock: 'tcp-client-1' },
      { type: 'tcp.finSent', sock: 'tcp-client-1' },
      { type: 'socket.closed', sock: 'tcp-client-1', reason: 'local' },
    );
    const { view } = build(s);
    expect(view.rows.slice(4).map(summary)).toEqual([
      `data tcp-client-1>${conn} delivered`,
      `data ${conn}>tcp-client-1 delivered`,
      `fin ${conn}>tcp-client-1 delivered`,
      `closed ${conn}`,
      `fin tcp-client-1>${conn} delivered`, // the lab's socket is gone; its kernel takes the FIN
      'closed tcp-client-1',
    ]);
    const data = arrows(view).find((a) => a.arrow === 'data')!;
    expect(data.stream).toEqual({ start: 0, end: 5 });
    expect(data.reads).toBe(1);
    expect(data.src).toEqual(client);
    expect(data.dst).toEqual(server);
  });

  it('shows one recv() that returned two sends as a mark of its own, and both sends delivered', () => {
    const s = connect(new Script().hello()).add(
      { type: 'tcp.sent', sock: 'tcp-client-1', size: 6, data: b64('hello ') },
      { type: 'tcp.sent', sock: 'tcp-client-1', size: 5, data: b64('world') },
      { type: 'tcp.received', sock: conn, size: 11, data: b64('hello world') },
    );
    const { view } = build(s);
    expect(view.rows.slice(4).map(summary)).toEqual([`data tcp-client-1>${conn} delivered`, `data tcp-client-1>${conn} delivered`, `recv ${conn}`]);
    const recv = marks(view).at(-1)!;
    expect(recv.stream).toEqual({ start: 0, end: 11 });
    expect(recv.size).toBe(11);
  });

  it('shows one send that took two recv() calls as two marks, delivered after the second', () => {
    const s = connect(new Script().hello()).add(
      { type: 'tcp.sent', sock: 'tcp-client-1', size: 2000, data: b64('x'.repeat(2000)) },
      { type: 'tcp.received', sock: conn, size: 1024, data: b64('x'.repeat(1024)) },
    );
    const { builder } = build(s);
    expect(arrows(builder.view()).at(-1)!.status).toBe('pending');
    s.add({ type: 'tcp.received', sock: conn, size: 976, data: b64('x'.repeat(976)) });
    builder.sync(s.state());
    const view = builder.view();
    const send = arrows(view).at(-1)!;
    expect(send.status).toBe('delivered');
    expect(send.reads).toBe(2);
    expect(
      marks(view)
        .filter((m) => m.mark === 'recv')
        .map((m) => m.stream),
    ).toEqual([
      { start: 0, end: 1024 },
      { start: 1024, end: 2000 },
    ]);
  });

  it('shows bytes a server never read as unread, and its RST as ECONNRESET at the client', () => {
    const s = connect(new Script().hello()).add(
      { type: 'tcp.sent', sock: 'tcp-client-1', size: 2000, data: b64('x'.repeat(2000)) },
      { type: 'tcp.received', sock: conn, size: 1024, data: b64('x'.repeat(1024)) },
      { type: 'tcp.sent', sock: conn, size: 1024, data: b64('X'.repeat(1024)) },
      { type: 'socket.closed', sock: conn, reason: 'local' },
      { type: 'tcp.reset', sock: 'tcp-client-1', code: 'ECONNRESET' },
    );
    const { view } = build(s);
    const send = arrows(view).find((a) => a.arrow === 'data' && a.from === 'tcp-client-1')!;
    expect(send.status).toBe('unread');
    expect(send.reads).toBe(1);
    const rst = arrows(view).at(-1)!;
    expect(summary(rst)).toBe(`rst ${conn}>tcp-client-1 delivered`);
    expect(rst.code).toBe('ECONNRESET');
  });

  it('draws connect() to a closed port as a SYN answered by RST (ECONNREFUSED)', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'tcp.connecting', sock: 'c', remote: A(1) },
        { type: 'socket.error', sock: 'c', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1', call: 'connect' },
        { type: 'socket.closed', sock: 'c', reason: 'error' },
      );
    const { view } = build(s);
    expect(view.rows.map(summary)).toEqual(['syn c>ext:127.0.0.1:1 refused', 'rst ext:127.0.0.1:1>c delivered', 'closed c']);
    expect(arrows(view)[1]!.code).toBe('ECONNREFUSED');
    expect(marks(view).some((m) => m.mark === 'error')).toBe(false);
  });

  it('draws a connect() that timed out as a lost SYN and an error mark', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'tcp.connecting', sock: 'c', remote: A(2000) },
        { type: 'socket.error', sock: 'c', code: 'ETIMEDOUT', message: 'no answer', call: 'connect' },
      );
    const { view } = build(s);
    expect(view.rows.map(summary)).toEqual(['syn c>ext:127.0.0.1:2000 lost', 'error c']);
  });

  it('sends bytes written before accept() to the welcoming socket, and shows the later read on the connection socket', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'tcp.connecting', sock: 'c', remote: server },
        { type: 'tcp.connected', sock: 'c', local: client, remote: server },
        { type: 'tcp.sent', sock: 'c', size: 2, data: b64('hi') },
        { type: 'tcp.accepted', sock: LAB_TCP, conn, local: server, remote: client },
        { type: 'tcp.received', sock: conn, size: 2, data: b64('hi') },
      );
    const { view } = build(s);
    expect(view.rows.slice(3).map(summary)).toEqual([`data c>${LAB_TCP} delivered`, `accepted ${conn}`, `recv ${conn}`]);
  });

  it('draws an outside client that connects to a page server with its handshake', () => {
    const mine = A(13000);
    const outside = A(41000);
    const s = new Script()
      .hello()
      .add(
        { type: 'tcp.listening', sock: 'srv', local: mine, backlog: 1 },
        { type: 'tcp.accepted', sock: 'srv', conn: 'srv#1', local: mine, remote: outside },
        { type: 'tcp.received', sock: 'srv#1', size: 2, data: b64('hi') },
        { type: 'tcp.sent', sock: 'srv#1', size: 2, data: b64('HI') },
      );
    const { view } = build(s);
    expect(view.rows.map(summary)).toEqual([
      'listening srv',
      'syn ext:127.0.0.1:41000>srv external',
      'synAck srv>ext:127.0.0.1:41000 external',
      'ack ext:127.0.0.1:41000>srv external',
      'accepted srv#1',
      'data ext:127.0.0.1:41000>srv#1 external',
      'data srv#1>ext:127.0.0.1:41000 external',
    ]);
    expect(columnOf(view, 'ext:127.0.0.1:41000')).toBeLessThan(columnOf(view, 'srv'));
  });

  it('gives two connections open at once two columns, and reuses a column once a connection closed', () => {
    const s = new Script().hello();
    connect(s, 'a', A(45001), 1);
    connect(s, 'b', A(45002), 2);
    let { view } = build(s);
    expect(columnOf(view, `${LAB_TCP}#1`)).not.toBe(columnOf(view, `${LAB_TCP}#2`));
    s.add({ type: 'socket.closed', sock: `${LAB_TCP}#1`, reason: 'local' }, { type: 'socket.closed', sock: 'a', reason: 'local' });
    connect(s, 'c', A(45003), 3);
    view = build(s).view;
    expect(columnOf(view, `${LAB_TCP}#3`)).toBe(columnOf(view, `${LAB_TCP}#1`));
    expect(columnOf(view, 'c')).toBe(columnOf(view, 'a'));
  });

  it('keeps a handful of columns for a hundred one-shot clients in a row', () => {
    const s = new Script().hello();
    for (let n = 1; n <= 100; n++) {
      const me = A(40000 + n);
      const sock = `tcp-client-${n}`;
      connect(s, sock, me, n).add(
        { type: 'tcp.sent', sock, size: 1, data: b64('a') },
        { type: 'tcp.received', sock: `${LAB_TCP}#${n}`, size: 1, data: b64('a') },
        { type: 'tcp.sent', sock: `${LAB_TCP}#${n}`, size: 1, data: b64('A') },
        { type: 'tcp.finSent', sock: `${LAB_TCP}#${n}` },
        { type: 'socket.closed', sock: `${LAB_TCP}#${n}`, reason: 'local' },
        { type: 'tcp.received', sock, size: 1, data: b64('A') },
        { type: 'tcp.peerClosed', sock },
        { type: 'tcp.finSent', sock },
        { type: 'socket.closed', sock, reason: 'local' },
      );
    }
    const { view } = build(s);
    expect(view.columns.length).toBe(3); // the clients' lane, the welcoming socket, the connections' lane
    expect(
      arrows(view)
        .filter((a) => a.arrow === 'data')
        .every((a) => a.status === 'delivered'),
    ).toBe(true);
    expect(
      arrows(view)
        .filter((a) => a.arrow === 'fin' && a.from.startsWith(LAB_TCP))
        .every((a) => a.status === 'delivered'),
    ).toBe(true);
  });
});

describe('flow model: TCP after the peer closed', () => {
  it('shows bytes sent to a socket that has closed already as never read', () => {
    const s = connect(new Script().hello()).add(
      { type: 'socket.closed', sock: conn, reason: 'local' },
      { type: 'tcp.sent', sock: 'tcp-client-1', size: 1, data: b64('a') },
    );
    expect(summary(arrows(build(s).view).at(-1)!)).toBe(`data tcp-client-1>${conn} unread`);
  });
});
