// One IP packet as bytes: the IPv4 or IPv6 header, the UDP or TCP header and the payload, built by
// web/net/headers.ts (the same code the inspector shows) with both checksums filled in.
import type { Address } from '../../protocol/messages.js';
import { internetChecksum } from '../net/checksum.js';
import { ipv4Header, ipv6Header, PROTOCOL_NUMBER, pseudoHeader, tcpHeader, udpHeader, type TcpFlags } from '../net/headers.js';

export const LINKTYPE = { null: 0, ethernet: 1, raw: 101, loop: 108, linuxSll: 113, ipv4: 228, ipv6: 229, linuxSll2: 276 } as const;

export interface TcpFields {
  flags: TcpFlags;
  seq: number;
  ack: number;
  window: number;
}

export interface PacketSpec {
  proto: 'udp' | 'tcp';
  src: Address;
  dst: Address;
  /** The payload bytes known; `length` when the real payload is longer. */
  payload: Uint8Array;
  length?: number;
  tcp?: TcpFields;
  /** IPv4 identification; 0 when not known, as lesson 1's header explorer shows it, so the
   * header checksum in a saved file is the one the student read there. */
  id?: number;
}

export interface BuiltPacket {
  /** Headers and the payload bytes known. */
  bytes: Uint8Array;
  /** What the packet's length really was on the wire. */
  originalLength: number;
}

export function buildPacket(p: PacketSpec): BuiltPacket {
  const length = p.length ?? p.payload.length;
  const whole = length === p.payload.length;
  let transport: Uint8Array;
  if (p.proto === 'udp') {
    transport = udpHeader({ src: p.src.address, dst: p.dst.address, srcPort: p.src.port, dstPort: p.dst.port, payload: p.payload, length }).bytes;
  } else {
    const tcp = p.tcp ?? { flags: { ack: true }, seq: 0, ack: 0, window: 0 };
    transport = tcpHeader({ srcPort: p.src.port, dstPort: p.dst.port, flags: tcp.flags, seq: tcp.seq >>> 0, ack: tcp.ack >>> 0, window: tcp.window }).bytes;
    if (whole) {
      const sum = internetChecksum(pseudoHeader(p.src.address, p.dst.address, PROTOCOL_NUMBER.tcp, transport.length + length), transport, p.payload);
      transport[16] = sum >> 8;
      transport[17] = sum & 0xff;
    }
  }
  const segment = transport.length + length;
  const protocol = PROTOCOL_NUMBER[p.proto];
  const ip =
    p.src.family === 'IPv6'
      ? ipv6Header(p.src.address, p.dst.address, protocol, segment).bytes
      : ipv4Header(p.src.address, p.dst.address, protocol, segment, { identification: p.id ?? 0 }).bytes;
  const bytes = new Uint8Array(ip.length + transport.length + p.payload.length);
  bytes.set(ip, 0);
  bytes.set(transport, ip.length);
  bytes.set(p.payload, ip.length + transport.length);
  return { bytes, originalLength: ip.length + segment };
}
