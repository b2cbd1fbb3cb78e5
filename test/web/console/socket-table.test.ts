// Command mode's sockets fold the bridge's events by protocol/socket-states.ts, as the bridge and
// the sockets panel do; a finished connection the bridge let go of stays the program's until close().
import { describe, expect, it } from 'vitest';
import type { Event, EventBody } from '../../../protocol/messages.js';
import { isFresh, SocketTable, type OwnSocket } from '../../../web/console/commands/context.js';
import { addr } from '../lessons/events.js';

function table(...sockets: OwnSocket[]): SocketTable {
  const t = new SocketTable();
  for (const s of sockets) t.add(s);
  return t;
}

const ev = (e: EventBody): Event => ({ ...e, t: 1 });

describe("the console's socket table", () => {
  it('walks a connection by the events of its socket only', () => {
    const t = table({ name: 'c', proto: 'tcp', state: 'CLOSED' }, { name: 'd', proto: 'tcp', state: 'CLOSED' });
    t.observe(ev({ type: 'tcp.connecting', sock: 'c', remote: addr(12000) }));
    t.observe(ev({ type: 'tcp.connected', sock: 'c', local: addr(40000), remote: addr(12000) }));
    t.observe(ev({ type: 'tcp.peerClosed', sock: 'c' }));
    expect(t.get('c')?.state).toBe('CLOSE_WAIT');
    expect(t.get('d')?.state).toBe('CLOSED');
  });

  it('keeps a finished connection in TIME_WAIT when the bridge lets go of it, and marks it released', () => {
    const t = table({ name: 'c', proto: 'tcp', state: 'FIN_WAIT', local: addr(40000) });
    t.observe(ev({ type: 'tcp.peerClosed', sock: 'c' }));
    t.observe(ev({ type: 'socket.closed', sock: 'c', reason: 'local' }));
    expect(t.get('c')).toMatchObject({ state: 'TIME_WAIT', released: true });
    expect(isFresh(t.get('c')!)).toBe(false);
  });

  it('closes a connection on a reset, and a failed connect() leaves a fresh socket', () => {
    const t = table({ name: 'r', proto: 'tcp', state: 'ESTABLISHED', local: addr(40001) }, { name: 'f', proto: 'tcp', state: 'CLOSED' });
    t.observe(ev({ type: 'tcp.reset', sock: 'r', code: 'ECONNRESET' }));
    expect(t.get('r')?.state).toBe('CLOSED');
    t.observe(ev({ type: 'tcp.connecting', sock: 'f', remote: addr(1) }));
    t.observe(ev({ type: 'socket.closed', sock: 'f', reason: 'error' }));
    expect(isFresh(t.get('f')!)).toBe(true);
    t.observe(ev({ type: 'tcp.connecting', sock: 'f', remote: addr(1) }));
    expect(t.get('f')).toMatchObject({ state: 'SYN_SENT', released: false });
  });

  it("follows a connection from the kernel's accept until accept() takes it: the peer may have closed already", () => {
    const t = table({ name: 'srv', proto: 'tcp', state: 'LISTEN', local: addr(12000) });
    t.observe(ev({ type: 'tcp.accepted', sock: 'srv', conn: 'srv#1', local: addr(12000), remote: addr(40000) }));
    t.observe(ev({ type: 'tcp.received', sock: 'srv#1', data: 'aGk=', size: 2 }));
    t.observe(ev({ type: 'tcp.peerClosed', sock: 'srv#1' }));
    expect(t.get('srv#1')).toBeUndefined();
    expect(t.take('srv#1')).toMatchObject({ name: 'srv#1', state: 'CLOSE_WAIT', parent: 'srv', peer: addr(40000) });
    expect(t.take('srv#1')).toBeUndefined();
    // a welcoming socket of another console: not followed
    t.observe(ev({ type: 'tcp.accepted', sock: 'other', conn: 'other#1', local: addr(1), remote: addr(2) }));
    expect(t.take('other#1')).toBeUndefined();
  });

  it('binds a UDP socket at udp.bound', () => {
    const t = table({ name: 'u', proto: 'udp', state: 'unbound' });
    t.observe(ev({ type: 'udp.bound', sock: 'u', local: addr(50000), bufsize: 65535 }));
    expect(t.get('u')?.state).toBe('bound');
  });
});
