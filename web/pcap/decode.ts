// One captured frame, taken apart: the link layer (loopback, Ethernet, Linux "cooked", raw IP),
// then IPv4 or IPv6, then UDP or TCP. Anything else is named, so the page can say what it left out.
import type { Address } from '../../protocol/messages.js';
import type { TcpFlags } from '../net/headers.js';
import { LINKTYPE } from './packets.js';
import type { CapturedPacket } from './reader.js';

export interface DecodedPacket {
  frame: number;
  timeUs: number;
  proto: 'udp' | 'tcp';
  src: Address;
  dst: Address;
  /** Payload bytes in the file, and the payload's real length (more when the capture cut it). */
  payload: Uint8Array;
  length: number;
  ip: { ttl: number; id?: number; dontFragment?: boolean };
  tcp?: { flags: TcpFlags; seq: number; ack: number; window: number };
}

/** What a frame that is not UDP or TCP over IP was: the protocol's name, for the page's note. */
export interface Skipped {
  frame: number;
  what: string;
  /** An ICMP "port unreachable": the UDP datagram it answers (nobody was listening). */
  unreachable?: { src: Address; dst: Address };
}

export type Decoded = { ok: true; packet: DecodedPacket } | { ok: false; skipped: Skipped };

const ETHERTYPE: Record<number, string> = { 0x0806: 'ARP', 0x8035: 'RARP', 0x88cc: 'LLDP', 0x888e: 'EAPOL', 0x8847: 'MPLS' };
const IP_PROTOCOL: Record<number, string> = { 1: 'ICMP', 2: 'IGMP', 58: 'ICMPv6', 132: 'SCTP', 47: 'GRE', 50: 'ESP' };
/** Address-family numbers in a BSD loopback header: AF_INET is 2 everywhere, AF_INET6 differs. */
const AF_INET6 = new Set([10, 24, 28, 30]);

export function decodePacket(p: CapturedPacket): Decoded {
  const skip = (what: string): Decoded => ({ ok: false, skipped: { frame: p.frame, what } });
  const d = p.data;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let at: number;
  let ethertype: number | undefined; // undefined: look at the IP version nibble
  switch (p.linkType) {
    case LINKTYPE.null:
    case LINKTYPE.loop: {
      if (d.length < 4) return skip('?');
      // DLT_NULL is in the capturing machine's byte order; DLT_LOOP always big-endian
      const family = p.linkType === LINKTYPE.loop ? view.getUint32(0, false) : Math.min(view.getUint32(0, true), view.getUint32(0, false));
      if (family !== 2 && !AF_INET6.has(family)) return skip(`AF ${family}`);
      at = 4;
      break;
    }
    case LINKTYPE.ethernet: {
      at = 12;
      if (d.length < 14) return skip('Ethernet');
      ethertype = view.getUint16(at, false);
      while ((ethertype === 0x8100 || ethertype === 0x88a8) && at + 6 <= d.length) {
        at += 4; // a VLAN tag
        ethertype = view.getUint16(at, false);
      }
      at += 2;
      break;
    }
    case LINKTYPE.linuxSll:
      if (d.length < 16) return skip('Linux cooked');
      ethertype = view.getUint16(14, false);
      at = 16;
      break;
    case LINKTYPE.linuxSll2:
      if (d.length < 20) return skip('Linux cooked v2');
      ethertype = view.getUint16(0, false);
      at = 20;
      break;
    case LINKTYPE.raw:
    case LINKTYPE.ipv4:
    case LINKTYPE.ipv6:
    case 12: // LINKTYPE_RAW as OpenBSD numbers it
    case 14:
      at = 0;
      break;
    default:
      return skip(`link type ${p.linkType}`);
  }
  if (ethertype !== undefined && ethertype !== 0x0800 && ethertype !== 0x86dd)
    return skip(ETHERTYPE[ethertype] ?? `EtherType 0x${ethertype.toString(16).padStart(4, '0')}`);
  if (at >= d.length) return skip('?');
  const version = d[at]! >> 4;
  if (version === 4) return ipv4(p, view, at, skip);
  if (version === 6) return ipv6(p, view, at, skip);
  return skip('?');
}

type Skip = (what: string) => Decoded;

function ipv4(p: CapturedPacket, view: DataView, at: number, skip: Skip): Decoded {
  if (at + 20 > view.byteLength) return skip('IPv4');
  const ihl = (view.getUint8(at) & 0x0f) * 4;
  const total = view.getUint16(at + 2, false);
  const fragment = view.getUint16(at + 6, false);
  if (fragment & 0x3fff) return skip('IPv4 fragment');
  const protocol = view.getUint8(at + 9);
  const bytes = new Uint8Array(view.buffer, view.byteOffset + at);
  const address = (o: number) => `${bytes[o]}.${bytes[o + 1]}.${bytes[o + 2]}.${bytes[o + 3]}`;
  const ip = { ttl: view.getUint8(at + 8), id: view.getUint16(at + 4, false), dontFragment: (fragment & 0x4000) !== 0 };
  // the payload's real length comes from the IP header: Ethernet pads short frames
  const onWire = total - ihl;
  return transport(p, view, at + ihl, onWire, protocol, { address: address(12), family: 'IPv4' }, { address: address(16), family: 'IPv4' }, ip, skip);
}

function ipv6(p: CapturedPacket, view: DataView, at: number, skip: Skip): Decoded {
  if (at + 40 > view.byteLength) return skip('IPv6');
  let next = view.getUint8(at + 6);
  let length = view.getUint16(at + 4, false);
  const hopLimit = view.getUint8(at + 7);
  const address = (o: number) => ipv6Text(new Uint8Array(view.buffer, view.byteOffset + at + o, 16));
  const src = address(8);
  const dst = address(24);
  let here = at + 40;
  // hop-by-hop, routing and destination options come before the transport header
  while ((next === 0 || next === 43 || next === 60) && here + 2 <= view.byteLength) {
    const size = (view.getUint8(here + 1) + 1) * 8;
    next = view.getUint8(here);
    here += size;
    length -= size;
  }
  if (next === 44) return skip('IPv6 fragment');
  const onWire = length;
  return transport(p, view, here, onWire, next, { address: src, family: 'IPv6' }, { address: dst, family: 'IPv6' }, { ttl: hopLimit }, skip);
}

function transport(
  p: CapturedPacket,
  view: DataView,
  at: number,
  onWire: number,
  protocol: number,
  src0: Omit<Address, 'port'>,
  dst0: Omit<Address, 'port'>,
  ip: DecodedPacket['ip'],
  skip: Skip,
): Decoded {
  if (protocol === 1 || protocol === 58) return icmp(p, view, at, protocol === 58);
  if (protocol !== 6 && protocol !== 17) return skip(IP_PROTOCOL[protocol] ?? `IP protocol ${protocol}`);
  const udp = protocol === 17;
  const headerMin = udp ? 8 : 20;
  if (at + headerMin > view.byteLength) return skip(udp ? 'UDP' : 'TCP');
  const src: Address = { ...src0, port: view.getUint16(at, false) };
  const dst: Address = { ...dst0, port: view.getUint16(at + 2, false) };
  const header = udp ? 8 : (view.getUint8(at + 12) >> 4) * 4;
  if (header < headerMin) return skip('TCP');
  const length = Math.max(0, udp ? view.getUint16(at + 4, false) - 8 : onWire - header);
  const start = Math.min(at + header, view.byteLength);
  const payload = new Uint8Array(view.buffer, view.byteOffset + start, Math.max(0, Math.min(length, view.byteLength - start)));
  const packet: DecodedPacket = { frame: p.frame, timeUs: p.timeUs, proto: udp ? 'udp' : 'tcp', src, dst, payload, length, ip };
  if (!udp) {
    const f = view.getUint8(at + 13);
    packet.tcp = {
      flags: {
        cwr: !!(f & 0x80),
        ece: !!(f & 0x40),
        urg: !!(f & 0x20),
        ack: !!(f & 0x10),
        psh: !!(f & 0x08),
        rst: !!(f & 0x04),
        syn: !!(f & 0x02),
        fin: !!(f & 0x01),
      },
      seq: view.getUint32(at + 4, false),
      ack: view.getUint32(at + 8, false),
      window: view.getUint16(at + 14, false),
    };
  }
  return { ok: true, packet };
}

/** ICMP, and the one message the flow uses: "port unreachable", the kernel's answer to a datagram
 * for a port nobody has bound. It quotes the datagram's IP header and the start of its UDP header. */
function icmp(p: CapturedPacket, view: DataView, at: number, v6: boolean): Decoded {
  const what = v6 ? 'ICMPv6' : 'ICMP';
  const skipped: Skipped = { frame: p.frame, what };
  if (at + 8 > view.byteLength) return { ok: false, skipped };
  const type = view.getUint8(at);
  const code = view.getUint8(at + 1);
  if (!(v6 ? type === 1 && code === 4 : type === 3 && code === 3)) return { ok: false, skipped };
  const inner = at + 8;
  const innerV6 = inner < view.byteLength && view.getUint8(inner) >> 4 === 6;
  const header = innerV6 ? 40 : inner < view.byteLength ? (view.getUint8(inner) & 0x0f) * 4 : 0;
  const protocol = inner + (innerV6 ? 6 : 9) < view.byteLength ? view.getUint8(inner + (innerV6 ? 6 : 9)) : 0;
  if (protocol !== 17 || inner + header + 4 > view.byteLength) return { ok: false, skipped };
  const bytes = (o: number, n: number) => new Uint8Array(view.buffer, view.byteOffset + o, n);
  const family = innerV6 ? 'IPv6' : 'IPv4';
  const address = (o: number) => (innerV6 ? ipv6Text(bytes(o, 16)) : bytes(o, 4).join('.'));
  const srcAt = inner + (innerV6 ? 8 : 12);
  const dstAt = inner + (innerV6 ? 24 : 16);
  const src: Address = { address: address(srcAt), port: view.getUint16(inner + header, false), family };
  const dst: Address = { address: address(dstAt), port: view.getUint16(inner + header + 2, false), family };
  return { ok: false, skipped: { ...skipped, unreachable: { src, dst } } };
}

/** The shortest form (RFC 5952): "::1", "fe80::1". */
export function ipv6Text(b: Uint8Array): string {
  const words = Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  return best < 0 ? hex(words) : `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}
