// A capture file, drawn as the live flow is: one lifeline per endpoint (address and port), clients
// on the left, servers on the right, one arrow per datagram or segment in the file's order. The
// handshake's SYN, SYN-ACK and ACK, data, FIN and RST are drawn; the bare acknowledgements TCP
// sends for data are counted, not drawn, as in the live flow. A segment TCP sends again is marked,
// and its first transmission is drawn lost unless the peer had acknowledged it already. A datagram
// answered by ICMP "port unreachable" is drawn lost: nobody was listening.
import type { Address } from '../../protocol/messages.js';
import { bytesToBase64 } from '../../protocol/base64.js';
import { MAX_DATA_BYTES } from '../../protocol/limits.js';
import { addrKey, dirKey } from '../flow/addresses.js';
import { Lanes } from '../flow/lanes.js';
import { DEFAULT_MAX_ROWS } from '../flow/core.js';
import type { ArrowKind, ArrowRow, FlowRow, FlowView, Lifeline, Side } from '../flow/types.js';
import { decodePacket, type DecodedPacket } from './decode.js';
import { readCapture, type ReadProblem } from './reader.js';

export interface CaptureImport {
  view: FlowView;
  format?: 'pcap' | 'pcapng';
  /** Frames read from the file, and arrows drawn from them. */
  frames: number;
  drawn: number;
  /** Frames that were not UDP or TCP over IP, by what they were ("ARP": 3). */
  skipped: Record<string, number>;
  /** TCP's bare acknowledgements, counted but not drawn. */
  acks: number;
  /** More than the flow keeps: the rest of the file is left out. */
  cut: boolean;
  problem?: ReadProblem;
}

/** Ports below this are taken as a server's choice; the OS picks clients' ports above it. */
const EPHEMERAL_START = 32768;
/** Frames read at most: a capture bigger than this is cut (the flow keeps fewer rows anyway). */
const MAX_FRAMES = 200_000;

interface Direction {
  /** The sequence number the relative numbers count from (the SYN's). */
  base?: number;
  /** End of the highest relative sequence sent so far. */
  end?: number;
  /** Highest relative number the peer has acknowledged. */
  acked: number;
  /** The arrow that first carried each relative start, and its frame. */
  sent: Map<number, { row: ArrowRow; frame: number }>;
}

interface Connection {
  client: string;
  /** The client's SYN while no SYN-ACK has answered it: an RST now means ECONNREFUSED. */
  syn?: ArrowRow;
  /** The SYN-ACK was seen and the handshake's last ACK not yet. */
  awaitingAck: boolean;
}

export function importCapture(bytes: Uint8Array, maxRows = DEFAULT_MAX_ROWS): CaptureImport {
  const read = readCapture(bytes, MAX_FRAMES);
  const skipped: Record<string, number> = {};
  const lifelines = new Map<string, Lifeline>();
  const rows: FlowRow[] = [];
  const connections = new Map<string, Connection>();
  const directions = new Map<string, Direction>();
  /** The latest datagram from one address to another, for an ICMP "port unreachable" to mark. */
  const lastDatagram = new Map<string, ArrowRow>();
  let acks = 0;
  let drawn = 0;
  let cut = false;

  const line = (a: Address, proto: 'udp' | 'tcp', side: Side): Lifeline => {
    const id = `cap:${proto}:${addrKey(a)}`;
    let l = lifelines.get(id);
    if (!l) lifelines.set(id, (l = { id, label: addrKey(a), owner: 'external', kind: proto, local: a, side, closed: false }));
    return l;
  };
  const pairKey = (p: DecodedPacket) => [p.proto, ...[addrKey(p.src), addrKey(p.dst)].sort()].join('|');
  const clientOf = (p: DecodedPacket): string => {
    if (p.tcp?.flags.syn) return addrKey(p.tcp.flags.ack ? p.dst : p.src);
    // a capture started mid-conversation: the side on an ephemeral port is the client
    return p.src.port < EPHEMERAL_START && p.dst.port >= EPHEMERAL_START ? addrKey(p.dst) : addrKey(p.src);
  };
  const direction = (p: DecodedPacket): Direction => {
    const key = `${p.proto}${dirKey(p.src, p.dst)}`;
    let d = directions.get(key);
    if (!d) directions.set(key, (d = { acked: 0, sent: new Map() }));
    return d;
  };

  for (const captured of read.packets) {
    const decoded = decodePacket(captured);
    if (!decoded.ok) {
      const gone = decoded.skipped.unreachable;
      // "port unreachable": nobody was listening, so the datagram it quotes went nowhere
      const datagram = gone ? lastDatagram.get(`${addrKey(gone.src)}>${addrKey(gone.dst)}`) : undefined;
      if (datagram) datagram.status = 'lost';
      else skipped[decoded.skipped.what] = (skipped[decoded.skipped.what] ?? 0) + 1;
      continue;
    }
    if (rows.length >= maxRows) {
      cut = true;
      break;
    }
    const p = decoded.packet;
    const key = pairKey(p);
    let conn = connections.get(key);
    if (!conn) connections.set(key, (conn = { client: clientOf(p), awaitingAck: false }));
    const fromClient = addrKey(p.src) === conn.client;
    const from = line(p.src, p.proto, fromClient ? 'client' : 'server');
    const to = line(p.dst, p.proto, fromClient ? 'server' : 'client');
    const data = p.payload.length > 0 ? bytesToBase64(p.payload.subarray(0, MAX_DATA_BYTES)) : undefined;
    const base = {
      kind: 'arrow',
      row: rows.length,
      rev: 0,
      proto: p.proto,
      from: from.id,
      to: to.id,
      src: p.src,
      dst: p.dst,
      size: p.length,
      status: 'delivered',
      t: p.timeUs,
      tEnd: p.timeUs,
      ...(data ? { data } : {}),
      wire: { ttl: p.ip.ttl, identification: p.ip.id, dontFragment: p.ip.dontFragment, ...(p.tcp ? { tcp: p.tcp } : {}) },
    } as const;
    if (!p.tcp) {
      const row: ArrowRow = { ...base, arrow: 'datagram' };
      lastDatagram.set(`${addrKey(p.src)}>${addrKey(p.dst)}`, row);
      rows.push(row);
      drawn++;
      continue;
    }
    const { flags } = p.tcp;
    const arrow: ArrowKind | undefined = flags.rst ? 'rst' : flags.syn ? (flags.ack ? 'synAck' : 'syn') : p.length > 0 ? 'data' : flags.fin ? 'fin' : undefined;
    const me = direction(p);
    const peer = direction({ ...p, src: p.dst, dst: p.src });
    if (flags.syn) me.base = p.tcp.seq;
    me.base ??= (p.tcp.seq - (arrow === 'rst' ? 0 : 1)) >>> 0;
    if (flags.ack && peer.base !== undefined) peer.acked = Math.max(peer.acked, (p.tcp.ack - peer.base) >>> 0);
    if (arrow === 'synAck') {
      conn.awaitingAck = true;
      conn.syn = undefined;
    }
    if (!arrow) {
      // a bare ACK: drawn only when it completes the handshake
      if (conn.awaitingAck && fromClient) {
        conn.awaitingAck = false;
        rows.push({ ...base, arrow: 'ack', byOs: true });
        drawn++;
      } else acks++;
      continue;
    }
    const rel = (p.tcp.seq - me.base) >>> 0;
    const span = p.length + (flags.syn ? 1 : 0) + (flags.fin ? 1 : 0);
    const row: ArrowRow = { ...base, arrow, ...(arrow !== 'data' && arrow !== 'fin' ? { byOs: true } : {}) };
    if (span > 0 && me.end !== undefined && rel < me.end) {
      // these bytes were sent before: TCP is sending them again
      const first = me.sent.get(rel);
      if (first && me.acked <= rel && first.row.status === 'delivered') first.row.status = 'lost';
      rows.push({
        kind: 'mark',
        mark: 'relay',
        code: 'retransmission',
        on: from.id,
        seq: 0,
        count: p.frame,
        of: first?.frame ?? p.frame,
        row: rows.length,
        rev: 0,
        t: p.timeUs,
      });
      row.row = rows.length;
    } else if (span > 0) {
      me.sent.set(rel, { row, frame: p.frame });
    }
    me.end = Math.max(me.end ?? 0, rel + span);
    if (arrow === 'syn') conn.syn = row;
    if (arrow === 'rst' && conn.syn && !fromClient) {
      // the port was closed: the live flow draws connect()'s ECONNREFUSED the same way
      conn.syn.status = 'refused';
      row.code = 'ECONNREFUSED';
      conn.syn = undefined;
    }
    rows.push(row);
    drawn++;
  }

  return {
    view: layout(rows, lifelines),
    format: read.format,
    frames: read.packets.length,
    drawn,
    skipped,
    acks,
    cut,
    ...(read.problem ? { problem: read.problem } : {}),
  };
}

/** Gives each lifeline its lane, in the order rows first draw them; a lifeline ends at its last row,
 * so a later client can take its column. */
function layout(rows: FlowRow[], lifelines: Map<string, Lifeline>): FlowView {
  const ids = (r: FlowRow) => (r.kind === 'arrow' ? [r.from, r.to] : r.kind === 'summary' ? [r.a, r.b] : [r.on]);
  for (const r of rows) {
    for (const id of ids(r)) {
      const l = lifelines.get(id)!;
      l.endRow = r.row;
      l.closed = true;
    }
  }
  const lanes = new Lanes();
  for (const r of rows) {
    for (const id of ids(r)) {
      const l = lifelines.get(id)!;
      if (l.lane !== undefined) continue;
      l.startRow = r.row;
      l.lane = lanes.assign(l, lifelines);
    }
  }
  const { columns, laneColumn, groups } = lanes.layout();
  return { rows, firstRow: 0, dropped: 0, summarised: 0, heldBack: { outside: 0, behind: 0 }, earlier: 0, lifelines, columns, laneColumn, groups, version: 1 };
}
