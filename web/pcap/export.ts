// The flow, as a capture file Wireshark opens: every arrow whose addresses are known becomes one
// packet (a TCP piece the path lost becomes two: the lost copy and TCP's retransmission), with the
// socket calls around it as packet comments. The lab sees calls, not packets, so the IP
// identification, TTL, TCP sequence numbers (from a made-up initial number), windows and options
// are reconstructed; the section's comment says so. Sequence and acknowledgement numbers follow the
// bytes in the file, so Wireshark's TCP analysis finds every segment it expects.
import type { Address, Event } from '../../protocol/messages.js';
import { addrKey, dirKey } from '../flow/addresses.js';
import { describeRow, relayFacts, type Translate } from '../flow/describe.js';
import { tcpFlagsOf } from '../flow/inspect.js';
import { payloadBytes } from '../flow/payload.js';
import type { ArrowRow, FlowView, MarkRow } from '../flow/types.js';
import { callOf } from '../lab/calls.js';
import { buildPacket, LINKTYPE } from './packets.js';
import { writePcapng, type PcapngInterface, type PcapngPacket } from './pcapng-writer.js';

export interface ExportInput {
  view: FlowView;
  /** The trace event with this number, if the trace still holds it. */
  eventOf: (seq: number | undefined) => Event | undefined;
  /** Bridge time (µs) to milliseconds since the epoch. */
  wallTime: (t: number) => number;
  /** The `flow` namespace's t(); this file's own words are under "pcap:". */
  t: Translate;
  application?: string;
  /** Only this arrow's conversation: the arrows between its two endpoints, and the marks on
   * their lifelines (the flow's selection). */
  only?: ArrowRow;
}

export interface ExportResult {
  bytes: Uint8Array;
  packets: number;
  /** Arrows left out because an address was not known (a refused SYN's source port). */
  skipped: number;
}

/** The window Linux advertises on loopback after the handshake (512 × 2^7 = 65536 bytes). */
const WINDOW = 512;
const SYN_WINDOW = 65495;
/** The most payload one segment carries on Linux loopback: MSS 65495 less 12 bytes of timestamps. */
export const MAX_SEGMENT = 65483;

/** One direction of a TCP connection: its made-up initial sequence number and how far it got. */
interface Direction {
  isn: number;
  /** Relative sequence number after the last segment written (SYN and FIN count one). */
  next?: number;
  /** Bytes of data written so far (where a FIN goes). */
  dataEnd: number;
}

/** A stable, made-up initial sequence number per direction, so two exports are identical. */
function isnOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function exportPcapng(input: ExportInput): ExportResult {
  const { view, t } = input;
  const interfaces: PcapngInterface[] = [];
  const ifaceOf = new Map<Address['family'], number>();
  const packets: PcapngPacket[] = [];
  const directions = new Map<string, Direction>();
  const direction = (from: Address, to: Address): Direction => {
    const key = dirKey(from, to);
    let d = directions.get(key);
    if (!d) directions.set(key, (d = { isn: isnOf(key), dataEnd: 0 }));
    return d;
  };
  let pendingNotes: string[] = [];
  let skipped = 0;
  let lastUs = 0;

  const write = (row: ArrowRow, src: Address, dst: Address, comments: string[], timeUs: number) => {
    let iface = ifaceOf.get(src.family);
    if (iface === undefined) {
      iface = interfaces.push(src.family === 'IPv6' ? { linkType: LINKTYPE.ipv6, name: 'lo (IPv6)' } : { linkType: LINKTYPE.ipv4, name: 'lo (IPv4)' }) - 1;
      ifaceOf.set(src.family, iface);
    }
    const bytes = payloadBytes(row.data).subarray(0, row.size);
    lastUs = Math.max(lastUs, timeUs);
    // a send() bigger than one segment can carry leaves as several segments, as TCP would send it
    const start = row.arrow === 'data' ? (row.stream?.start ?? direction(src, dst).dataEnd) : 0;
    const step = row.arrow === 'data' ? MAX_SEGMENT : Math.max(row.size, 1);
    for (let offset = 0; offset < Math.max(row.size, 1); offset += step) {
      const length = Math.min(step, row.size - offset);
      const tcp = row.proto === 'tcp' ? tcpFields(row, src, dst, start + offset, length) : undefined;
      const built = buildPacket({ proto: row.proto, src, dst, payload: bytes.subarray(offset, offset + length), length, tcp });
      packets.push({
        iface,
        timeUs: lastUs,
        data: built.bytes,
        originalLength: built.originalLength,
        comments: offset === 0 ? [...pendingNotes, ...comments] : [],
      });
    }
    pendingNotes = [];
  };

  /** The flags and numbers of one segment; `start` and `length` place a data segment's bytes in
   * its direction's stream. */
  const tcpFields = (row: ArrowRow, src: Address, dst: Address, start: number, length: number) => {
    const flags = tcpFlagsOf(row.arrow);
    const me = direction(src, dst);
    const peer = direction(dst, src);
    let rel: number;
    let span = 0;
    if (row.arrow === 'syn' || row.arrow === 'synAck') {
      rel = 0;
      span = 1;
    } else if (row.arrow === 'data') {
      rel = 1 + start;
      span = length;
      me.dataEnd = Math.max(me.dataEnd, start + length);
    } else if (row.arrow === 'fin') {
      rel = 1 + me.dataEnd;
      span = 1;
    } else {
      rel = me.next ?? 1; // ACK, RST
    }
    me.next = Math.max(me.next ?? 0, rel + span);
    // acknowledge what the peer has sent so far in this file, never more (Wireshark would warn)
    const ack = flags.ack ? (peer.isn + (peer.next ?? 1)) >>> 0 : 0;
    const seq = (me.isn + rel) >>> 0;
    return { flags, seq, ack, window: row.arrow === 'syn' || row.arrow === 'synAck' ? SYN_WINDOW : WINDOW };
  };

  const keep = input.only ? conversation(input.only) : undefined;
  // a summary row stands for the arrows it folded: the file holds each of them (those it kept)
  const rows = view.rows.flatMap((r) => (r.kind === 'summary' ? r.members : [r]));
  for (const row of rows) {
    if (keep && !keep(row)) continue;
    if (row.kind === 'mark') {
      pendingNotes.push(describeRow(row, view, t));
      continue;
    }
    const { src, dst } = row;
    if (!src || !dst || src.family !== dst.family) {
      skipped++;
      continue;
    }
    const timeUs = input.wallTime(row.t) * 1000;
    const comments = rowComments(row, input);
    if (row.proto === 'tcp' && row.relay?.stage === 'out' && row.relay.retransmission) {
      // the path lost the first transmission of these bytes: it was on the wire once already
      const delayUs = (row.relay.delayMs ?? 0) * 1000;
      // the retransmission below goes out with the same sequence number
      write(row, src, dst, [t('pcap:comment.lostCopy', { packet: row.relay.packets.map((p) => `#${p}`).join(' ') })], timeUs - delayUs);
    }
    write(row, src, dst, comments, timeUs);
  }
  if (pendingNotes.length > 0 && packets.length > 0) packets[packets.length - 1]!.comments!.push(...pendingNotes);

  const bytes = writePcapng({
    comments: [t('pcap:comment.section', { count: packets.length }), t('pcap:comment.reconstructed')],
    application: input.application ?? 'Socket Lab',
    interfaces,
    packets,
  });
  return { bytes, packets: packets.length, skipped };
}

/** Whether a row belongs to the conversation of `arrow`: the same two endpoints (either way), or a
 * mark on one of its lifelines. */
function conversation(arrow: ArrowRow): (row: ArrowRow | MarkRow) => boolean {
  const ends = new Set([arrow.src, arrow.dst].filter((a) => a !== undefined).map(addrKey));
  const lines = new Set([arrow.from, arrow.to]);
  return (row) => {
    if (row.kind === 'mark') return lines.has(row.on);
    if (row.src && row.dst) return ends.has(addrKey(row.src)) && ends.has(addrKey(row.dst));
    return lines.has(row.from) && lines.has(row.to);
  };
}

/** What the lab knows about an arrow that Wireshark cannot: the calls, the sockets, its fate. */
function rowComments(row: ArrowRow, { view, eventOf, t }: ExportInput): string[] {
  const out: string[] = [];
  const sent = eventOf(row.sentSeq);
  const received = eventOf(row.recvSeq);
  const call = sent ? callOf(sent) : undefined;
  const osCall = call ?? (received ? callOf(received) : undefined);
  if (row.byOs)
    out.push(
      osCall ? t('pcap:comment.byOs', { call: osCall, sock: sockOf(sent) ?? sockOf(received) ?? lineName(view, row.from) }) : t('pcap:comment.byOsAlone'),
    );
  else if (sent && call) out.push(t('pcap:comment.sent', { call, sock: sockOf(sent) ?? lineName(view, row.from) }));
  if (received && !row.byOs) {
    const readBy = callOf(received);
    if (readBy) out.push(t('pcap:comment.received', { call: readBy, sock: sockOf(received) ?? lineName(view, row.to) }));
  }
  if (row.status !== 'delivered') out.push(t(`fate.${row.status}`));
  if (row.code) out.push(row.code);
  if (row.truncated) out.push(t('inspector.truncated'));
  if (row.relay) out.push(...relayFacts(row.relay, t));
  if (!sent && !received && !row.byOs) out.push(describeRow(row, view, t));
  return out;
}

const sockOf = (e: Event | undefined): string | undefined => (e && 'sock' in e && e.sock ? e.sock : undefined);
const lineName = (view: FlowView, id: string): string => view.lifelines.get(id)?.label ?? id;

/** "socket-lab-2026-12-06T02-17-58.pcapng" */
export function captureFileName(now = new Date()): string {
  return `socket-lab-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.pcapng`;
}
