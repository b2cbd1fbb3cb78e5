// Rebuilds the headers each layer puts in front of a payload: UDP or TCP, then IPv4 or IPv6.
// The bridge reports socket calls, not packets, so some values are the operating system's own and
// cannot be seen from here; those are filled with what Linux does and marked `reconstructed`.
// Verified on Linux 6.x loopback with an AF_PACKET capture: TTL 64, TOS 0, DF set on UDP and TCP,
// an identification that changes per datagram, TCP headers of 40 bytes on SYN and 32 afterwards.
// Used by the flow's inspector and by lesson 1's IP header explorer; texts live in the `flow`
// namespace under fields.<layer>.<id>.{name,meaning} and notes.<id>.
import { internetChecksum } from './checksum.js';
import { ipv4Bytes, ipv6Bytes } from './ip-address.js';

export type Layer = 'ipv4' | 'ipv6' | 'udp' | 'tcp';

export interface HeaderField {
  layer: Layer;
  /** Stable id, e.g. "ttl". */
  id: string;
  /** i18n keys (namespace `flow`) of the field's name and its one-line meaning. */
  nameKey: string;
  meaningKey: string;
  /** Position and width in the header, in bits from its first bit. */
  bitOffset: number;
  bits: number;
  /** The number in the header, or the address text; null when it cannot be known at all. */
  value: number | string | null;
  /** How to show it: "0x25e0", "127.0.0.1", "64", "?". */
  display: string;
  /** Not seen on the wire: the lab's best reconstruction (see noteKey for why). */
  reconstructed: boolean;
  /** i18n key (namespace `flow`) of a note saying why the value is reconstructed or special. */
  noteKey?: string;
}

export interface Header {
  layer: Layer;
  fields: HeaderField[];
  /** The header as bytes, with unknown values as 0 (used for checksums and hex dumps). */
  bytes: Uint8Array;
}

export const HEADER_I18N_NAMESPACE = 'flow';
export const PROTOCOL_NUMBER = { udp: 17, tcp: 6 } as const;
/** Linux's default TTL / hop limit (net.ipv4.ip_default_ttl); macOS uses 64 too, Windows 128. */
export const DEFAULT_TTL = 64;

const hex = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;
const isV6 = (address: string) => address.includes(':');
export const addressBytes = (address: string): Uint8Array => (isV6(address) ? ipv6Bytes(address) : ipv4Bytes(address));

const keys = (layer: Layer, id: string) => ({ nameKey: `fields.${layer}.${id}.name`, meaningKey: `fields.${layer}.${id}.meaning` });

/** Writes fields into bytes, most significant bit first, and collects them. */
class HeaderWriter {
  readonly fields: HeaderField[] = [];
  private bit = 0;
  constructor(
    readonly layer: Layer,
    readonly bytes: Uint8Array,
  ) {}

  put(id: string, bits: number, value: number | null, opts: { display?: string; reconstructed?: boolean; noteKey?: string } = {}): HeaderField {
    const n = value ?? 0;
    for (let i = 0; i < bits; i++) {
      const set = Math.floor(n / 2 ** (bits - 1 - i)) % 2 === 1; // arithmetic, not <<: 32-bit fields
      const at = this.bit + i;
      if (set) this.bytes[at >> 3] = (this.bytes[at >> 3] ?? 0) | (0x80 >> (at & 7));
    }
    const field: HeaderField = {
      layer: this.layer,
      id,
      ...keys(this.layer, id),
      bitOffset: this.bit,
      bits,
      value,
      display: opts.display ?? (value === null ? '?' : String(value)),
      reconstructed: opts.reconstructed ?? false,
      ...(opts.noteKey ? { noteKey: opts.noteKey } : {}),
    };
    this.fields.push(field);
    this.bit += bits;
    return field;
  }

  putBytes(id: string, data: Uint8Array, display: string, opts: { reconstructed?: boolean; noteKey?: string } = {}): HeaderField {
    this.bytes.set(data, this.bit >> 3);
    const field: HeaderField = {
      layer: this.layer,
      id,
      ...keys(this.layer, id),
      bitOffset: this.bit,
      bits: data.length * 8,
      value: display,
      display,
      reconstructed: opts.reconstructed ?? false,
      ...(opts.noteKey ? { noteKey: opts.noteKey } : {}),
    };
    this.fields.push(field);
    this.bit += data.length * 8;
    return field;
  }

  /** Fills in a checksum field once the rest of the header is written. */
  setWord(field: HeaderField, value: number, reconstructed: boolean, noteKey?: string): void {
    const at = field.bitOffset >> 3;
    this.bytes[at] = value >> 8;
    this.bytes[at + 1] = value & 0xff;
    field.value = value;
    field.display = hex(value, 4);
    field.reconstructed = reconstructed;
    if (noteKey) field.noteKey = noteKey;
  }
}

// ---- IPv4 --------------------------------------------------------------------------------------

export interface Ipv4Options {
  /** Known only from a capture; otherwise reconstructed as 0. */
  identification?: number;
  /** Linux sets DF when path-MTU discovery is on (its default) and the datagram fits the MTU. */
  dontFragment?: boolean;
  ttl?: number;
  tos?: number;
}

/** The 20-byte IPv4 header (no options) in front of `payloadLength` bytes of `protocol`. */
export function ipv4Header(src: string, dst: string, protocol: number, payloadLength: number, options: Ipv4Options = {}): Header {
  const w = new HeaderWriter('ipv4', new Uint8Array(20));
  const idKnown = options.identification !== undefined;
  const dfKnown = options.dontFragment !== undefined;
  const ttlKnown = options.ttl !== undefined;
  const df = options.dontFragment ?? true;
  const ttl = options.ttl ?? DEFAULT_TTL;
  const tos = options.tos ?? 0;
  w.put('version', 4, 4);
  w.put('ihl', 4, 5, { display: '5 (20 B)' }); // B: a byte, in every language the page speaks
  w.put('tos', 8, tos, { display: hex(tos, 2) });
  w.put('totalLength', 16, 20 + payloadLength);
  w.put('identification', 16, idKnown ? options.identification! : null, {
    display: idKnown ? hex(options.identification!, 4) : '?',
    reconstructed: !idKnown,
    noteKey: idKnown ? undefined : 'notes.identification',
  });
  w.put('reserved', 1, 0);
  w.put('dontFragment', 1, df ? 1 : 0, { reconstructed: !dfKnown, noteKey: dfKnown ? undefined : 'notes.dontFragment' });
  w.put('moreFragments', 1, 0);
  w.put('fragmentOffset', 13, 0);
  w.put('ttl', 8, ttl, { reconstructed: !ttlKnown, noteKey: ttlKnown ? undefined : 'notes.ttl' });
  w.put('protocol', 8, protocol, { display: protocolName(protocol) });
  const checksum = w.put('checksum', 16, 0);
  w.putBytes('source', ipv4Bytes(src), src);
  w.putBytes('destination', ipv4Bytes(dst), dst);
  // the checksum covers every header field, so it is only as certain as they are
  const uncertain = !idKnown || !dfKnown || !ttlKnown;
  w.setWord(checksum, internetChecksum(w.bytes), uncertain, uncertain ? 'notes.ipChecksum' : undefined);
  return { layer: 'ipv4', fields: w.fields, bytes: w.bytes };
}

function protocolName(protocol: number): string {
  if (protocol === PROTOCOL_NUMBER.udp) return '17 (UDP)';
  if (protocol === PROTOCOL_NUMBER.tcp) return '6 (TCP)';
  return String(protocol);
}

// ---- IPv6 --------------------------------------------------------------------------------------

/** The fixed 40-byte IPv6 header in front of `payloadLength` bytes of `nextHeader`. */
export function ipv6Header(src: string, dst: string, nextHeader: number, payloadLength: number, options: { hopLimit?: number } = {}): Header {
  const w = new HeaderWriter('ipv6', new Uint8Array(40));
  w.put('version', 4, 6);
  w.put('trafficClass', 8, 0, { display: '0x00' });
  w.put('flowLabel', 20, null, { reconstructed: true, noteKey: 'notes.flowLabel' });
  w.put('payloadLength', 16, payloadLength);
  w.put('nextHeader', 8, nextHeader, { display: protocolName(nextHeader) });
  const hopKnown = options.hopLimit !== undefined;
  w.put('hopLimit', 8, options.hopLimit ?? DEFAULT_TTL, { reconstructed: !hopKnown, noteKey: hopKnown ? undefined : 'notes.ttl' });
  w.putBytes('source', ipv6Bytes(src), src);
  w.putBytes('destination', ipv6Bytes(dst), dst);
  return { layer: 'ipv6', fields: w.fields, bytes: w.bytes };
}

/** The pseudo-header UDP and TCP checksums cover: addresses, protocol and segment length. */
export function pseudoHeader(src: string, dst: string, protocol: number, length: number): Uint8Array {
  if (isV6(src)) {
    const p = new Uint8Array(40);
    p.set(ipv6Bytes(src), 0);
    p.set(ipv6Bytes(dst), 16);
    new DataView(p.buffer).setUint32(32, length);
    p[39] = protocol;
    return p;
  }
  const p = new Uint8Array(12);
  p.set(ipv4Bytes(src), 0);
  p.set(ipv4Bytes(dst), 4);
  p[9] = protocol;
  new DataView(p.buffer).setUint16(10, length);
  return p;
}

// ---- UDP ---------------------------------------------------------------------------------------

export interface UdpHeaderInput {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  /** The payload bytes the lab saw. */
  payload: Uint8Array;
  /** The datagram's real payload length, when the lab saw only its start. */
  length?: number;
}

/** The 8-byte UDP header; its checksum is computed over the real bytes when they are all known. */
export function udpHeader(input: UdpHeaderInput): Header {
  const payloadLength = input.length ?? input.payload.length;
  const w = new HeaderWriter('udp', new Uint8Array(8));
  w.put('sourcePort', 16, input.srcPort);
  w.put('destinationPort', 16, input.dstPort);
  w.put('length', 16, 8 + payloadLength, { display: `${8 + payloadLength} (8 + ${payloadLength})` });
  const checksum = w.put('checksum', 16, null);
  if (payloadLength === input.payload.length) {
    const sum = internetChecksum(pseudoHeader(input.src, input.dst, PROTOCOL_NUMBER.udp, 8 + payloadLength), w.bytes, input.payload);
    // 0 means "no checksum" in UDP over IPv4, so a computed 0 is sent as 0xffff (RFC 768)
    w.setWord(checksum, sum === 0 ? 0xffff : sum, false, 'notes.udpChecksum');
  } else {
    checksum.reconstructed = true;
    checksum.noteKey = 'notes.checksumPartial';
  }
  return { layer: 'udp', fields: w.fields, bytes: w.bytes };
}

// ---- TCP ---------------------------------------------------------------------------------------

export interface TcpFlags {
  cwr?: boolean;
  ece?: boolean;
  urg?: boolean;
  ack?: boolean;
  psh?: boolean;
  rst?: boolean;
  syn?: boolean;
  fin?: boolean;
}

export interface TcpHeaderInput {
  srcPort: number;
  dstPort: number;
  flags: TcpFlags;
  /** Known only from a capture; the lab never sees them. */
  seq?: number;
  ack?: number;
  window?: number;
}

/** Options Linux adds: MSS, SACK permitted, timestamps and window scale on SYN (20 bytes);
 * timestamps on every later segment (12 bytes); none on a bare RST. */
function linuxOptions(flags: TcpFlags): { bytes: Uint8Array; display: string } {
  if (flags.rst) return { bytes: new Uint8Array(0), display: '' };
  if (flags.syn) {
    const b = new Uint8Array(20);
    b.set([2, 4, 0xff, 0xd7, 4, 2, 8, 10], 0); // MSS 65495 (loopback), SACK permitted, TS kind/len
    b.set([1, 3, 3, 7], 16); // NOP, window scale 7
    return { bytes: b, display: 'MSS, SACK permitted, timestamps, window scale' };
  }
  const b = new Uint8Array(12);
  b.set([1, 1, 8, 10], 0); // NOP, NOP, timestamps
  return { bytes: b, display: 'timestamps' };
}

export const TCP_FLAG_ORDER = ['cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin'] as const;

/** The TCP header a segment with these flags carries, as far as the lab can know it. */
export function tcpHeader(input: TcpHeaderInput): Header {
  const options = linuxOptions(input.flags);
  const length = 20 + options.bytes.length;
  const w = new HeaderWriter('tcp', new Uint8Array(length));
  w.put('sourcePort', 16, input.srcPort);
  w.put('destinationPort', 16, input.dstPort);
  const seqKnown = input.seq !== undefined;
  w.put('sequenceNumber', 32, input.seq ?? null, { reconstructed: !seqKnown, noteKey: seqKnown ? undefined : 'notes.sequenceNumber' });
  if (input.flags.ack) {
    const ackKnown = input.ack !== undefined;
    w.put('ackNumber', 32, input.ack ?? null, { reconstructed: !ackKnown, noteKey: ackKnown ? undefined : 'notes.ackNumber' });
  } else {
    w.put('ackNumber', 32, 0);
  }
  w.put('dataOffset', 4, length / 4, { display: `${length / 4} (${length} B)`, reconstructed: true, noteKey: 'notes.tcpOptions' });
  w.put('reserved', 4, 0);
  for (const flag of TCP_FLAG_ORDER) w.put(flag, 1, input.flags[flag] ? 1 : 0);
  const windowKnown = input.window !== undefined;
  w.put('window', 16, input.window ?? null, { reconstructed: !windowKnown, noteKey: windowKnown ? undefined : 'notes.window' });
  w.put('checksum', 16, null, { reconstructed: true, noteKey: 'notes.tcpChecksum' });
  w.put('urgentPointer', 16, 0);
  if (options.bytes.length > 0) w.putBytes('options', options.bytes, options.display, { reconstructed: true, noteKey: 'notes.tcpOptions' });
  return { layer: 'tcp', fields: w.fields, bytes: w.bytes };
}

/** The names of the flags that are set, in header order: "SYN, ACK". */
export function flagNames(flags: TcpFlags): string {
  return TCP_FLAG_ORDER.filter((f) => flags[f])
    .map((f) => f.toUpperCase())
    .join(', ');
}

// ---- a whole packet ------------------------------------------------------------------------------

export type PacketInput = (({ proto: 'udp' } & UdpHeaderInput) | ({ proto: 'tcp'; src: string; dst: string; payloadLength: number } & TcpHeaderInput)) & {
  /** Values read from a capture; left out, they are reconstructed. */
  ip?: Ipv4Options;
};

/** Transport header, then the IP header around it: outermost layer first. */
export function encapsulate(input: PacketInput): Header[] {
  const transport = input.proto === 'udp' ? udpHeader(input) : tcpHeader(input);
  const payloadLength = input.proto === 'udp' ? (input.length ?? input.payload.length) : input.payloadLength;
  const segment = transport.bytes.length + payloadLength;
  const protocol = PROTOCOL_NUMBER[input.proto];
  const ip = isV6(input.src)
    ? ipv6Header(input.src, input.dst, protocol, segment, { hopLimit: input.ip?.ttl })
    : ipv4Header(input.src, input.dst, protocol, segment, input.ip);
  return [ip, transport];
}
