import { describe, expect, it } from 'vitest';
import type { Address } from '../../../protocol/messages.js';
import { LifelineIndex } from '../../../web/flow/lifeline-index.js';

const A = (port: number, address = '127.0.0.1'): Address => ({ address, port, family: 'IPv4' });

describe('lifeline index', () => {
  it('gives each socket id a lifeline, owned by whoever the id says', () => {
    const index = new LifelineIndex();
    const page = index.open('udp-client-1', 'udp', { local: A(50000) });
    const lab = index.open('lab:udp-upper', 'udp', { local: A(12000), side: 'server' });
    expect(page).toMatchObject({ id: 'udp-client-1', sock: 'udp-client-1', label: 'udp-client-1', owner: 'page', kind: 'udp', closed: false });
    expect(lab).toMatchObject({ id: 'lab:udp-upper', owner: 'lab', side: 'server' });
    expect(index.get('udp-client-1', 'udp')).toBe(page);
    expect(index.currentOf('lab:udp-upper')).toBe(lab);
    expect([...index.lifelines.keys()]).toEqual(['udp-client-1', 'lab:udp-upper']);
  });

  it('creates the lifeline of a socket the lab never saw open when asked for it', () => {
    const index = new LifelineIndex();
    expect(index.currentOf('srv#1')).toBeUndefined();
    const line = index.get('srv#1', 'tcp');
    expect(line).toMatchObject({ id: 'srv#1', kind: 'tcp', closed: false });
  });

  it('gives an id used again after a drawn close a lifeline of its own; an undrawn one comes back', () => {
    const index = new LifelineIndex();
    const first = index.open('c', 'udp');
    first.startRow = 0;
    first.closed = true;
    const second = index.open('c', 'udp');
    expect(second.id).toBe('c@2');
    expect(index.currentOf('c')).toBe(second);
    second.closed = true; // never drawn: the same lifeline opens again
    expect(index.open('c', 'udp')).toBe(second);
    expect(second.closed).toBe(false);
  });

  it("keeps a lifeline's first side and points a connection at its welcoming socket's current lifeline", () => {
    const index = new LifelineIndex();
    const srv = index.open('srv', 'welcoming', { side: 'server' });
    srv.startRow = 0;
    srv.closed = true;
    index.open('srv', 'welcoming');
    const conn = index.open('srv#1', 'tcp', { parent: 'srv', side: 'server' });
    expect(conn.parent).toBe('srv@2');
    index.open('srv#1', 'tcp', { side: 'client' });
    expect(conn.side).toBe('server');
    expect(index.open('x#1', 'tcp', { parent: 'x' }).parent).toBe('x');
  });

  it('finds the UDP socket bound to an address, or to the wildcard address on its port', () => {
    const index = new LifelineIndex();
    const bound = index.open('u', 'udp', { local: A(50000) });
    const any = index.open('w', 'udp', { local: A(12001, '0.0.0.0') });
    expect(index.udpAt(A(50000))).toBe(bound);
    expect(index.udpAt(A(12001))).toBe(any);
    expect(index.udpAt(A(50001))).toBeUndefined();
    expect(index.listenerAt(A(50000))).toBeUndefined();
  });

  it('finds the welcoming socket listening on an address, and a connection by its two ends', () => {
    const index = new LifelineIndex();
    const srv = index.open('srv', 'welcoming', { local: A(12000) });
    const conn = index.open('srv#1', 'tcp');
    index.setConnection(conn, A(12000), A(50000));
    expect(index.listenerAt(A(12000))).toBe(srv);
    expect(index.connection(A(12000), A(50000))).toBe(conn);
    expect(index.connection(A(50000), A(12000))).toBeUndefined();
    expect(conn.local).toEqual(A(12000));
    expect(conn.remote).toEqual(A(50000));
  });

  it('lets a closed socket go from its address, and remembers a drawn page UDP socket by it', () => {
    const index = new LifelineIndex();
    const page = index.open('u', 'udp', { local: A(50000) });
    const undrawn = index.open('v', 'udp', { local: A(50001) });
    const lab = index.open('lab:udp-upper', 'udp', { local: A(12000) });
    const srv = index.open('srv', 'welcoming', { local: A(12001) });
    page.lane = 0;
    lab.lane = 1;
    for (const line of [page, undrawn, lab, srv]) {
      line.closed = true;
      index.closed(line);
    }
    expect(index.udpAt(A(50000))).toBeUndefined();
    expect(index.udpAt(A(12000))).toBeUndefined();
    expect(index.listenerAt(A(12001))).toBeUndefined();
    expect(index.closedUdpAt(A(50000))).toBe(page);
    expect(index.closedUdpAt(A(50001))).toBeUndefined();
    expect(index.closedUdpAt(A(12000))).toBeUndefined();
  });

  it('leaves an address to the socket that took it over when the old one closes', () => {
    const index = new LifelineIndex();
    const old = index.open('a', 'udp', { local: A(50000) });
    const now = index.open('b', 'udp', { local: A(50000) });
    old.closed = true;
    index.closed(old);
    expect(index.udpAt(A(50000))).toBe(now);
  });

  it('numbers the lifelines of an outside address that comes back after its column folded away', () => {
    const index = new LifelineIndex();
    expect(index.externalAt(A(9999, '10.0.0.1'))).toBeUndefined();
    const first = index.openExternal(A(9999, '10.0.0.1'), 'client');
    expect(first).toMatchObject({
      id: 'ext:10.0.0.1:9999',
      label: '10.0.0.1:9999',
      owner: 'external',
      kind: 'endpoint',
      side: 'client',
      local: A(9999, '10.0.0.1'),
    });
    expect(first.sock).toBeUndefined();
    expect(index.externalAt(A(9999, '10.0.0.1'))).toBe(first);
    const again = index.openExternal(A(9999, '10.0.0.1'), 'server');
    expect(again.id).toBe('ext:10.0.0.1:9999@2');
    expect(index.externalAt(A(9999, '10.0.0.1'))).toBe(again);
  });

  it('forgets a lifeline and every index entry that still points at it', () => {
    const index = new LifelineIndex();
    const conn = index.open('c', 'tcp');
    index.setConnection(conn, A(50000), A(12000));
    const udp = index.open('u', 'udp', { local: A(50001) });
    udp.lane = 0;
    udp.closed = true;
    index.closed(udp);
    expect(index.forget('c')).toBe(conn);
    expect(index.forget('u')).toBe(udp);
    expect(index.forget('nobody')).toBeUndefined();
    expect(index.lifelines.size).toBe(0);
    expect(index.currentOf('c')).toBeUndefined();
    expect(index.connection(A(50000), A(12000))).toBeUndefined();
    expect(index.closedUdpAt(A(50001))).toBeUndefined();
    // the id keeps counting: a socket opened again after it was forgotten is a new incarnation
    expect(index.open('c', 'tcp').id).toBe('c@2');
  });
});
