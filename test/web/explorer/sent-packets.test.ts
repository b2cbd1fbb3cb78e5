// Which of the page's sends the explorer can show, with both ends' addresses.
import { describe, expect, it } from 'vitest';
import type { Address, Event } from '../../../protocol/messages.js';
import { packetsOf, pickPacket, sentFold, sentPackets } from '../../../web/explorer/sent-packets.js';
import { TraceFold } from '../../../web/lab/fold.js';
import type { TraceEntry } from '../../../web/lab/state.js';
import { closed, tcpAccepted, tcpConnected, tcpListening, tcpSent, trace, udpSent } from '../lessons/events.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const ends = (events: Event[], options?: Parameters<typeof sentPackets>[1]) =>
  sentPackets(trace(...events), options).map((p) => `${p.proto} ${p.sock} ${p.src.port}->${p.dst.port} ${text(p.payload)} ${p.size}`);

describe('sentPackets', () => {
  it("keeps the page's datagrams and leaves out the lab server's replies", () => {
    const events = [udpSent(1, 'udp-client-1', 50000, 12000, '안녕 hi'), udpSent(2, 'lab:udp-upper', 12000, 50000, '안녕 HI')];
    expect(ends(events)).toEqual(['udp udp-client-1 50000->12000 안녕 hi 9']);
  });

  it("takes a TCP send's addresses from its connection", () => {
    const events = [tcpConnected(1, 'tcp-client-1', 50001, 12000), tcpSent(2, 'tcp-client-1', 'hello'), tcpSent(3, 'lab:tcp-upper#1', 'HELLO')];
    expect(ends(events)).toEqual(['tcp tcp-client-1 50001->12000 hello 5']);
  });

  it("knows a page server's connection socket from accept()", () => {
    const events = [tcpListening(1, 'srv', 12100), tcpAccepted(2, 'srv', 'srv#1', 12100, 40000), tcpSent(3, 'srv#1', 'HI')];
    expect(ends(events)).toEqual(['tcp srv#1 12100->40000 HI 2']);
  });

  it('gives a reused socket id the addresses of its new connection', () => {
    const events = [
      tcpConnected(1, 'c', 50001, 12000),
      tcpSent(2, 'c', 'one'),
      closed(3, 'c'),
      tcpSent(4, 'c', 'lost'),
      tcpConnected(5, 'c', 50002, 12000),
      tcpSent(6, 'c', 'two'),
    ];
    expect(ends(events)).toEqual(['tcp c 50001->12000 one 3', 'tcp c 50002->12000 two 3']);
  });

  it('keeps only one transport when asked', () => {
    const events = [udpSent(1, 'u', 50000, 12000, 'a'), tcpConnected(2, 't', 50001, 12000), tcpSent(3, 't', 'b')];
    expect(ends(events, { proto: 'udp' })).toEqual(['udp u 50000->12000 a 1']);
    expect(ends(events, { proto: 'tcp' })).toEqual(['tcp t 50001->12000 b 1']);
  });

  it('keeps the newest `limit`, oldest first, numbered by their trace entries', () => {
    const events = Array.from({ length: 30 }, (_, i) => udpSent(i, 'u', 50000, 12000, `m${i}`));
    const kept = sentPackets(trace(...events), { limit: 3 });
    expect(kept.map((p) => [p.seq, text(p.payload)])).toEqual([
      [28, 'm27'],
      [29, 'm28'],
      [30, 'm29'],
    ]);
  });
});

describe('pickPacket', () => {
  const packets = sentPackets(trace(udpSent(1, 'u', 50000, 12000, 'a'), udpSent(2, 'u', 50000, 12000, 'b')));
  it('follows the newest when nothing is picked', () => {
    expect(pickPacket(packets, undefined)?.seq).toBe(2);
  });
  it('keeps the picked one, and falls back to the newest when it is gone', () => {
    expect(pickPacket(packets, 1)?.seq).toBe(1);
    expect(pickPacket(packets, 99)?.seq).toBe(2);
    expect(pickPacket([], undefined)).toBeUndefined();
  });
});

/** The explorer's former whole-trace read, kept as the oracle of the fold. */
function oldSentPackets(entries: readonly TraceEntry[], proto?: 'udp' | 'tcp', limit = 20): string[] {
  const conns = new Map<string, { local: Address; remote: Address }>();
  const found: string[] = [];
  for (const { seq, event: e } of entries) {
    if (e.type === 'tcp.connected') conns.set(e.sock, { local: e.local, remote: e.remote });
    else if (e.type === 'tcp.accepted') conns.set(e.conn, { local: e.local, remote: e.remote });
    else if (e.type === 'socket.closed') conns.delete(e.sock);
    else if (e.type === 'udp.sent' && proto !== 'tcp' && !e.sock.startsWith('lab:')) found.push(`${seq} udp ${e.sock} ${e.from.port}->${e.to.port}`);
    else if (e.type === 'tcp.sent' && proto !== 'udp' && !e.sock.startsWith('lab:')) {
      const conn = conns.get(e.sock);
      if (conn) found.push(`${seq} tcp ${e.sock} ${conn.local.port}->${conn.remote.port}`);
    }
  }
  return found.slice(-limit);
}

describe('the explorer panels, folding the trace as it comes', () => {
  it.each([undefined, 'udp', 'tcp'] as const)('keep at every frame the sends re-reading the whole trace kept (%s)', (proto) => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const sock = () => ['u', 't', 'c', 'lab:udp-upper', 'lab:tcp-upper#1'][Math.floor(random() * 5)]!;
    const events: Event[] = [];
    for (let i = 0; i < 300; i++) {
      const r = random();
      const s = sock();
      if (r < 0.1) events.push(tcpConnected(i, s, 40000 + i, 12000));
      else if (r < 0.15) events.push(tcpAccepted(i, 'lab:tcp-upper', s, 12000, 40000 + i));
      else if (r < 0.2) events.push(closed(i, s));
      else if (r < 0.6) events.push(udpSent(i, s, 50000, 12000, `d${i}`));
      else events.push(tcpSent(i, s, `s${i}`));
    }
    const all = trace(...events);
    const fold = new TraceFold(sentFold({ proto, limit: 5 }));
    for (let end = 0; end <= all.length; end += 1 + (end % 3)) {
      const prefix = all.slice(0, end);
      const kept = packetsOf(fold.sync(prefix)).map((p) => `${p.seq} ${p.proto} ${p.sock} ${p.src.port}->${p.dst.port}`);
      expect(kept).toEqual(oldSentPackets(prefix, proto, 5));
    }
  });
});
