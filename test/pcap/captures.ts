// Capture files made by hand for the reader's tests, byte by byte as the formats specify them:
// classic pcap (either byte order, micro- or nanoseconds) and pcapng, around frames of each link
// type a student's capture may have.
import type { Address } from '../../protocol/messages.js';
import { internetChecksum } from '../../web/net/checksum.js';
import { ipv4Header } from '../../web/net/headers.js';
import { buildPacket, LINKTYPE, type PacketSpec } from '../../web/pcap/packets.js';

export const V4 = (port: number): Address => ({ address: '127.0.0.1', port, family: 'IPv4' });
export const V6 = (port: number): Address => ({ address: '::1', port, family: 'IPv6' });

export const ip = (spec: Omit<PacketSpec, 'payload'> & { payload: string }): Uint8Array =>
  buildPacket({ ...spec, payload: new TextEncoder().encode(spec.payload) }).bytes;

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A frame of `linkType` around an IP packet. */
export function frame(linkType: number, packet: Uint8Array): Uint8Array {
  const v6 = packet[0]! >> 4 === 6;
  const ethertype = v6 ? [0x86, 0xdd] : [0x08, 0x00];
  switch (linkType) {
    case LINKTYPE.null: // the capturing host's order: little-endian here; AF_INET6 is 30 on macOS
      return concat(Uint8Array.of(v6 ? 30 : 2, 0, 0, 0), packet);
    case LINKTYPE.loop: // OpenBSD: always big-endian; AF_INET6 is 24
      return concat(Uint8Array.of(0, 0, 0, v6 ? 24 : 2), packet);
    case LINKTYPE.ethernet:
      return concat(new Uint8Array(12), Uint8Array.of(...ethertype), packet);
    case LINKTYPE.linuxSll: // packet type, ARPHRD, address length, 8 address bytes, protocol
      return concat(Uint8Array.of(0, 0, 3, 4, 0, 6), new Uint8Array(8), Uint8Array.of(...ethertype), packet);
    case LINKTYPE.linuxSll2: // protocol, reserved, interface index, ARPHRD, packet type, address length, 8 bytes
      return concat(Uint8Array.of(...ethertype, 0, 0, 0, 0, 0, 1, 3, 4, 0, 6), new Uint8Array(8), packet);
    default:
      return packet;
  }
}

/** The kernel's ICMP "port unreachable" answer to an IPv4 UDP datagram: its IP header and the
 * first 8 bytes after it, quoted. */
export function portUnreachable(datagram: Uint8Array): Uint8Array {
  const quoted = datagram.subarray(0, 28);
  const body = concat(Uint8Array.of(3, 3, 0, 0, 0, 0, 0, 0), quoted);
  const sum = internetChecksum(body);
  body[2] = sum >> 8;
  body[3] = sum & 0xff;
  const header = ipv4Header('127.0.0.1', '127.0.0.1', 1, body.length).bytes;
  return concat(header, body);
}

/** An Ethernet frame carrying an ARP request (who has 127.0.0.2?). */
export const ARP_FRAME = concat(
  Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06),
  Uint8Array.of(0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 127, 0, 0, 2),
);

export interface Record {
  timeUs: number;
  data: Uint8Array;
  originalLength?: number;
}

/** Classic pcap: a 24-byte header, then a 16-byte header per record. */
export function pcap(linkType: number, records: Record[], opts: { little?: boolean; nanos?: boolean } = {}): Uint8Array {
  const little = opts.little ?? true;
  const head = new DataView(new ArrayBuffer(24));
  head.setUint32(0, opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4, little);
  head.setUint16(4, 2, little);
  head.setUint16(6, 4, little);
  head.setUint32(16, 262144, little);
  head.setUint32(20, linkType, little);
  const parts: Uint8Array[] = [new Uint8Array(head.buffer)];
  for (const r of records) {
    const h = new DataView(new ArrayBuffer(16));
    h.setUint32(0, Math.floor(r.timeUs / 1e6), little);
    h.setUint32(4, opts.nanos ? (r.timeUs % 1e6) * 1000 : r.timeUs % 1e6, little);
    h.setUint32(8, r.data.length, little);
    h.setUint32(12, r.originalLength ?? r.data.length, little);
    parts.push(new Uint8Array(h.buffer), r.data);
  }
  return concat(...parts);
}

/** A pcapng block in either byte order. */
export function block(type: number, body: Uint8Array, little = true): Uint8Array {
  const padded = new Uint8Array((body.length + 3) & ~3);
  padded.set(body);
  const total = 12 + padded.length;
  const out = new DataView(new ArrayBuffer(total));
  out.setUint32(0, type, little);
  out.setUint32(4, total, little);
  new Uint8Array(out.buffer).set(padded, 8);
  out.setUint32(total - 4, total, little);
  return new Uint8Array(out.buffer);
}

/** A big-endian pcapng with nanosecond timestamps (if_tsresol 9), a name-resolution block to skip
 * and one Simple Packet Block, as other tools may write. */
export function bigEndianPcapng(linkType: number, records: Record[]): Uint8Array {
  const shb = new DataView(new ArrayBuffer(16));
  shb.setUint32(0, 0x1a2b3c4d, false);
  shb.setUint16(4, 1, false);
  shb.setBigInt64(8, -1n, false);
  const idb = new DataView(new ArrayBuffer(16));
  idb.setUint16(0, linkType, false);
  idb.setUint16(8, 9, false); // if_tsresol
  idb.setUint16(10, 1, false);
  idb.setUint8(12, 9);
  const idbBytes = concat(new Uint8Array(idb.buffer), new Uint8Array(4)); // + opt_endofopt
  const parts = [block(0x0a0d0d0a, new Uint8Array(shb.buffer), false), block(1, idbBytes, false), block(4, new Uint8Array(4), false)];
  for (const r of records) {
    const epb = new DataView(new ArrayBuffer(20));
    const ns = BigInt(r.timeUs) * 1000n;
    epb.setUint32(4, Number(ns >> 32n), false);
    epb.setUint32(8, Number(ns & 0xffffffffn), false);
    epb.setUint32(12, r.data.length, false);
    epb.setUint32(16, r.originalLength ?? r.data.length, false);
    parts.push(block(6, concat(new Uint8Array(epb.buffer), r.data), false));
  }
  const last = records[records.length - 1];
  if (last) {
    const spb = new DataView(new ArrayBuffer(4));
    spb.setUint32(0, last.data.length, false);
    parts.push(block(3, concat(new Uint8Array(spb.buffer), last.data), false));
  }
  return concat(...parts);
}

/** A seeded stream of bytes (mulberry32), so "random bytes" are the same every run. */
export function randomBytes(n: number, seed = 1): Uint8Array {
  let a = seed;
  return Uint8Array.from({ length: n }, () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  });
}
