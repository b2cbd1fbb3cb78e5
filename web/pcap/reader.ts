// Reads the packets out of a capture file: classic pcap (microsecond or nanosecond, either byte
// order) and pcapng (Section Header, Interface Description, Enhanced, Simple and the obsolete Packet
// Block; other blocks skipped). No npm package reads both in a browser (pcap-parser and
// pcap-ng-parser are Node stream parsers), so the lab owns this one; test/pcap/reader.test.ts holds
// it to both formats' specifications. It never throws on bad input: it returns what it could read
// and says where it stopped.
import { BLOCK, BYTE_ORDER_MAGIC } from './pcapng-writer.js';

export interface CapturedPacket {
  /** 1-based, as Wireshark numbers frames. */
  frame: number;
  /** Microseconds since 1970-01-01 UTC. */
  timeUs: number;
  linkType: number;
  data: Uint8Array;
  originalLength: number;
}

/** Why reading stopped early or found nothing; `at` is a byte offset in the file. */
export type ReadProblem = { code: 'empty' } | { code: 'notCapture' } | { code: 'truncated'; at: number } | { code: 'badBlock'; at: number };

export interface ReadResult {
  format?: 'pcap' | 'pcapng';
  packets: CapturedPacket[];
  problem?: ReadProblem;
}

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
/** A bound on one record, so a corrupt length cannot make the reader allocate gigabytes. */
const MAX_RECORD = 256 * 1024;

export function readCapture(bytes: Uint8Array, maxPackets = Infinity): ReadResult {
  if (bytes.length === 0) return { packets: [], problem: { code: 'empty' } };
  if (bytes.length < 4) return { packets: [], problem: { code: 'notCapture' } };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint32(0, false);
  if (first === BLOCK.shb) return readPcapng(bytes, view, maxPackets);
  for (const little of [false, true]) {
    const magic = view.getUint32(0, little);
    if (magic === PCAP_MAGIC_US || magic === PCAP_MAGIC_NS) return readPcap(bytes, view, little, magic === PCAP_MAGIC_NS, maxPackets);
  }
  return { packets: [], problem: { code: 'notCapture' } };
}

function readPcap(bytes: Uint8Array, view: DataView, little: boolean, nanos: boolean, maxPackets: number): ReadResult {
  const result: ReadResult = { format: 'pcap', packets: [] };
  if (bytes.length < 24) return { ...result, problem: { code: 'truncated', at: 0 } };
  // the upper bits of the link-type word may carry FCS information (the 2024 draft)
  const linkType = view.getUint32(20, little) & 0x0fffffff;
  let at = 24;
  while (at < bytes.length && result.packets.length < maxPackets) {
    if (at + 16 > bytes.length) return { ...result, problem: { code: 'truncated', at } };
    const sec = view.getUint32(at, little);
    const frac = view.getUint32(at + 4, little);
    const caplen = view.getUint32(at + 8, little);
    const len = view.getUint32(at + 12, little);
    if (caplen > MAX_RECORD) return { ...result, problem: { code: 'badBlock', at } };
    if (at + 16 + caplen > bytes.length) return { ...result, problem: { code: 'truncated', at } };
    result.packets.push({
      frame: result.packets.length + 1,
      timeUs: sec * 1e6 + (nanos ? Math.floor(frac / 1000) : frac),
      linkType,
      data: bytes.subarray(at + 16, at + 16 + caplen),
      originalLength: Math.max(len, caplen),
    });
    at += 16 + caplen;
  }
  return result;
}

interface Interface {
  linkType: number;
  /** Units per second of this interface's timestamps. */
  unitsPerSecond: number;
}

function readPcapng(bytes: Uint8Array, view: DataView, maxPackets: number): ReadResult {
  const result: ReadResult = { format: 'pcapng', packets: [] };
  let little = true;
  let interfaces: Interface[] = [];
  let at = 0;
  while (at < bytes.length && result.packets.length < maxPackets) {
    if (at + 12 > bytes.length) return { ...result, problem: { code: 'truncated', at } };
    const type = view.getUint32(at, little);
    if (view.getUint32(at, false) === BLOCK.shb) {
      // a new section: its byte-order magic decides how every later number is read
      const magic = view.getUint32(at + 8, true);
      if (magic === BYTE_ORDER_MAGIC) little = true;
      else if (view.getUint32(at + 8, false) === BYTE_ORDER_MAGIC) little = false;
      else return { ...result, problem: { code: 'badBlock', at } };
      interfaces = [];
    }
    const total = view.getUint32(at + 4, little);
    if (total < 12 || total % 4 !== 0) return { ...result, problem: { code: 'badBlock', at } };
    if (at + total > bytes.length) return { ...result, problem: { code: 'truncated', at } };
    if (view.getUint32(at + total - 4, little) !== total) return { ...result, problem: { code: 'badBlock', at } };
    const body = at + 8;
    const bodyEnd = at + total - 4;
    switch (type) {
      case BLOCK.idb: {
        if (bodyEnd - body < 8) return { ...result, problem: { code: 'badBlock', at } };
        const linkType = view.getUint16(body, little);
        let unitsPerSecond = 1e6;
        for (const [code, start, len] of options(view, body + 8, bodyEnd, little)) {
          if (code !== 9 || len < 1) continue; // if_tsresol
          const r = bytes[start]!;
          unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
        }
        interfaces.push({ linkType, unitsPerSecond });
        break;
      }
      case BLOCK.epb:
      case BLOCK.obsoletePacket: {
        const enhanced = type === BLOCK.epb;
        const iface = interfaces[enhanced ? view.getUint32(body, little) : view.getUint16(body, little)];
        const caplen = view.getUint32(body + 12, little);
        const len = view.getUint32(body + 16, little);
        if (!iface || body + 20 + caplen > bodyEnd) return { ...result, problem: { code: 'badBlock', at } };
        const ticks = view.getUint32(body + 4, little) * 2 ** 32 + view.getUint32(body + 8, little);
        result.packets.push({
          frame: result.packets.length + 1,
          timeUs: Math.round((ticks / iface.unitsPerSecond) * 1e6),
          linkType: iface.linkType,
          data: bytes.subarray(body + 20, body + 20 + caplen),
          originalLength: Math.max(len, caplen),
        });
        break;
      }
      case BLOCK.spb: {
        const iface = interfaces[0];
        if (!iface) return { ...result, problem: { code: 'badBlock', at } };
        const len = view.getUint32(body, little);
        const caplen = Math.min(len, bodyEnd - body - 4);
        result.packets.push({
          frame: result.packets.length + 1,
          timeUs: 0,
          linkType: iface.linkType,
          data: bytes.subarray(body + 4, body + 4 + caplen),
          originalLength: len,
        });
        break;
      }
      default:
        break; // name resolution, statistics, custom blocks: nothing the flow draws
    }
    at += total;
  }
  return result;
}

/** The options of a block: [code, value offset, value length], up to opt_endofopt. */
function* options(view: DataView, from: number, end: number, little: boolean): Generator<[number, number, number]> {
  let at = from;
  while (at + 4 <= end) {
    const code = view.getUint16(at, little);
    const len = view.getUint16(at + 2, little);
    if (code === 0 || at + 4 + len > end) return;
    yield [code, at + 4, len];
    at += 4 + ((len + 3) & ~3);
  }
}
