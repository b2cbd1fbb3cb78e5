// Encapsulation in numbers: each layer's header + payload is the payload of the layer below.
import { describe, expect, it } from 'vitest';
import { encapsulationOf, isLoopback } from '../../../web/explorer/layers.js';
import type { SentPacket } from '../../../web/explorer/sent-packets.js';

const at = (address: string, port: number) => ({ address, port, family: address.includes(':') ? ('IPv6' as const) : ('IPv4' as const) });
function packet(proto: 'udp' | 'tcp', text: string, dst = '127.0.0.1'): SentPacket {
  const payload = new TextEncoder().encode(text);
  return { seq: 1, proto, sock: 'c', src: at(dst === '::1' ? '::1' : '127.0.0.1', 50000), dst: at(dst, 12000), payload, size: payload.length };
}
const sizes = (p: SentPacket) => encapsulationOf(p).layers.map((l) => [l.layer, l.header, l.payload, l.total]);

describe('encapsulationOf', () => {
  it('wraps "안녕 hi" (9 bytes) in UDP (17), IPv4 (37) and loopback\'s 14-byte header (51)', () => {
    expect(sizes(packet('udp', '안녕 hi'))).toEqual([
      ['app', 0, 9, 9],
      ['udp', 8, 9, 17],
      ['ipv4', 20, 17, 37],
      ['link', 14, 37, 51],
    ]);
  });

  it("makes each layer's payload exactly the total of the layer above", () => {
    const layers = encapsulationOf(packet('tcp', 'hello, socket')).layers;
    for (let i = 1; i < layers.length; i++) expect(layers[i]!.payload).toBe(layers[i - 1]!.total);
  });

  it("gives a TCP data segment Linux's 32-byte header (20 + 12 of timestamps)", () => {
    expect(sizes(packet('tcp', 'hello, socket'))).toEqual([
      ['app', 0, 13, 13],
      ['tcp', 32, 13, 45],
      ['ipv4', 20, 45, 65],
      ['link', 14, 65, 79],
    ]);
  });

  it('says a packet to 127.0.0.1 never met Ethernet, and what a cable frame would be: padded to 64 bytes', () => {
    const e = encapsulationOf(packet('udp', '안녕 hi'));
    expect(e.loopback).toBe(true);
    expect(e.layers[3]).toMatchObject({ padding: 0, trailer: 0 });
    expect(e.ethernet).toMatchObject({ header: 14, payload: 37, padding: 9, trailer: 4, total: 64 });
  });

  it('uses the Ethernet frame as the link layer for an address off this machine', () => {
    const e = encapsulationOf(packet('udp', 'x'.repeat(100), '10.0.0.2'));
    expect(e.loopback).toBe(false);
    expect(e.layers[3]).toEqual(e.ethernet);
    expect(e.ethernet).toMatchObject({ payload: 128, padding: 0, total: 14 + 128 + 4 });
  });

  it('builds an IPv6 header of 40 bytes for ::1', () => {
    expect(sizes(packet('udp', 'hi', '::1'))[2]).toEqual(['ipv6', 40, 10, 50]);
  });

  it("flags an IP packet larger than Ethernet's 1,500-byte MTU", () => {
    expect(encapsulationOf(packet('udp', 'a'.repeat(1472))).overEthernetMtu).toBe(false);
    expect(encapsulationOf(packet('udp', 'a'.repeat(1473))).overEthernetMtu).toBe(true);
  });

  it('counts the real size when the lab saw only the first bytes', () => {
    const p = { ...packet('udp', 'abc'), size: 3000 };
    expect(sizes(p)[1]).toEqual(['udp', 8, 3000, 3008]);
  });
});

describe('isLoopback', () => {
  it('knows 127.0.0.0/8 and ::1', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '128.0.0.1', '::2'].map(isLoopback)).toEqual([false, false, false]);
  });
});
