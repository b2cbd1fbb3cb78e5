// What the packet-flow diagram is made of: lifelines (one per socket, or per address the lab sees
// but cannot look inside) and rows, one per arrow or mark, in the order things happened.
import type { Address } from '../../protocol/messages.js';
import type { TcpFlags } from '../net/headers.js';

/** Clients on the left, relays in the middle, servers on the right. */
export type Side = 'client' | 'middle' | 'server';
export type LifelineKind = 'udp' | 'tcp' | 'welcoming' | 'endpoint';
export type Owner = 'page' | 'lab' | 'external';

export interface Lifeline {
  /** Unique in the model: the socket id, "<id>@2" when a page reuses an id, or "ext:<address>". */
  id: string;
  /** The socket id the bridge uses; absent for an address the lab cannot see inside. */
  sock?: string;
  label: string;
  owner: Owner;
  kind: LifelineKind;
  local?: Address;
  remote?: Address;
  /** A connection socket's welcoming socket (lifeline id). */
  parent?: string;
  /** Left (clients), middle (relays) or right (servers); decided when the lifeline is first drawn. */
  side?: Side;
  /** The first row that draws it, and the row of its close(). */
  startRow?: number;
  endRow?: number;
  closed: boolean;
  /** The lane (a column slot) it is drawn in, assigned when first drawn and kept. */
  lane?: number;
}

export type ArrowKind = 'datagram' | 'data' | 'syn' | 'synAck' | 'ack' | 'fin' | 'rst';
/**
 * delivered: the receiving socket reported it. pending: not yet. lost: no socket the lab sees
 * received it (nobody listening, dropped). refused: answered by RST (ECONNREFUSED). external: the
 * other end is a program the lab cannot see. unread: TCP bytes that reached the peer's kernel but
 * no recv() ever read them.
 */
export type ArrowStatus = 'delivered' | 'pending' | 'lost' | 'refused' | 'external' | 'unread';

interface RowBase {
  /** Absolute row number; `rows[row - firstRow]` in the view. */
  row: number;
  /** Bridge time in microseconds of the event that made the row. */
  t: number;
  /** Bumped whenever the row changes after it was first drawn (views memoize on it). */
  rev: number;
}

export interface ArrowRow extends RowBase {
  kind: 'arrow';
  arrow: ArrowKind;
  proto: 'udp' | 'tcp';
  from: string;
  to: string;
  /** Addresses on the wire, when known. */
  src?: Address;
  dst?: Address;
  /** Payload bytes (the real size; `data` may hold only the start). */
  size: number;
  /** Base64 payload as the sender (or else the receiver) reported it. */
  data?: string;
  status: ArrowStatus;
  /** Trace numbers of the sending and receiving events. */
  sentSeq?: number;
  recvSeq?: number;
  tEnd?: number;
  /** The handshake and teardown segments: the operating system sends them, not the program. */
  byOs?: boolean;
  /** TCP: where these bytes sit in the stream, and how many recv() calls it took to read them. */
  stream?: { start: number; end: number };
  reads?: number;
  /** The error an RST stands for (ECONNREFUSED, ECONNRESET). */
  code?: string;
  /** UDP: recvfrom(bufsize) cut the datagram. */
  truncated?: boolean;
  /** It reached a relay, or left one: what the path did to it on the way. */
  relay?: RelayNote;
  /** The summary row it was folded into (its `row` is the summary's). */
  summary?: SummaryRow;
  /** Read from a capture file (web/pcap/): the header values the lab otherwise reconstructs. */
  wire?: WireValues;
}

/** Header values a capture holds and the lab's own trace cannot. */
export interface WireValues {
  ttl?: number;
  identification?: number;
  dontFragment?: boolean;
  tcp?: { flags: TcpFlags; seq: number; ack: number; window: number };
}

export type RelayDir = 'toServer' | 'toClient';

/** What a relay did to the bytes of one arrow. `in`: the arrow that brought them to the relay;
 * `out`: the arrow that took one packet on from it. */
export interface RelayNote {
  relay: string;
  stage: 'in' | 'out';
  dir: RelayDir;
  /** The packet numbers the relay gave it (the relay panel's "#12"); two when duplicated. */
  packets: number[];
  /** in: the path lost it (UDP), or a held copy was dropped. */
  lost?: boolean;
  dropped?: boolean;
  /** out: how long the path delayed it, in ms. */
  delayMs?: number;
  /** out: the second copy of a duplicated datagram. */
  duplicate?: boolean;
  reordered?: boolean;
  /** out: it waited in the instructor's hold and was released. */
  held?: boolean;
  /** out, TCP: the path lost its first transmission and this is TCP sending it again; `of` is the
   * dropped packet it replaces, when an instructor dropped it from the hold. */
  retransmission?: boolean;
  of?: number;
  /** out, TCP: it waited behind this lost piece (head-of-line blocking). */
  blockedBy?: number;
}

export type MarkKind = 'bound' | 'listening' | 'accepted' | 'recv' | 'closed' | 'dropped' | 'error' | 'relay';

export interface MarkRow extends RowBase {
  kind: 'mark';
  mark: MarkKind;
  /** The lifeline it sits on. */
  on: string;
  /** accepted: the welcoming socket the new connection socket came from. */
  from?: string;
  seq: number;
  local?: Address;
  remote?: Address;
  size?: number;
  data?: string;
  stream?: { start: number; end: number };
  /** error: the OS or LAB_* code and the call; closed: who ended it; dropped: how many; relay:
   * what the path did (see RelayMarkCode) and to which packet (count, up to `last`). */
  code?: string;
  call?: string;
  message?: string;
  count?: number;
  /** relay: the last packet of a run of them ("#8–#12 wait…"), the other copy, or the one it is
   * about ("waits for #7", "sends #7 again"); which way it was going; a delay in ms. */
  last?: number;
  of?: number;
  dir?: RelayDir;
  ms?: number;
}

/** What a relay mark says. lost: a UDP datagram the path threw away; resent: a TCP piece the path
 * lost, which TCP sends again; blocked: TCP pieces waiting behind a lost one; retransmission: a
 * piece dropped from the hold, sent again; held, released, dropped (UDP), retransmitted (TCP
 * dropped from the hold). */
export type RelayMarkCode = 'lost' | 'resent' | 'duplicated' | 'reordered' | 'blocked' | 'retransmission' | 'held' | 'released' | 'dropped' | 'retransmitted';

/**
 * Arrows between the same two lifelines faster than a person can read them (more than
 * SUMMARY_RATE in a second), folded into one row: "1,240 datagrams/s between A and B". The
 * arrows themselves are kept (the latest MAX_MEMBERS of them) so stepping stays exact.
 */
export interface SummaryRow extends RowBase {
  kind: 'summary';
  proto: 'udp' | 'tcp';
  /** The two lifelines, the first one's sender first. */
  a: string;
  b: string;
  /** Arrows folded in, and their payload bytes. */
  count: number;
  bytes: number;
  /** Bridge time of the first and the latest arrow. */
  tLast: number;
  /** The latest arrows, oldest first (`count - members.length` older ones are not kept). */
  members: ArrowRow[];
  /** Still taking arrows (the burst goes on). */
  open: boolean;
}

export type FlowRow = ArrowRow | MarkRow | SummaryRow;

export interface Column {
  lane: number;
  group: string;
  /** A relay's column: its client-facing sockets, or all its server-facing ones drawn as one. */
  relay?: { id: string; role: 'front' | 'upstream' };
  /** Lifelines drawn in this column over time, in row order (closed ones hand it to the next). */
  lifelines: string[];
}

export interface ColumnGroup {
  key: string;
  side: Side;
  owner: Owner;
  /** "127.0.0.1:12000" for a server endpoint, the relay's id for a relay; empty for clients. */
  label: string;
  columns: number[];
}

/** What the bridge held back: outside traffic over the share all pages have together, and lab
 * events while the page was behind. */
export interface HeldBackCounts {
  outside: number;
  behind: number;
}

export interface FlowView {
  rows: readonly FlowRow[];
  firstRow: number;
  /** Rows that fell off the start to keep the model small (plus events the trace lost). */
  dropped: number;
  /** Arrows folded into summaries, and rows left out because they came before `since`. */
  summarised: number;
  /** Lab servers' events the bridge did not send the page (session.heldBack), by reason. */
  heldBack: HeldBackCounts;
  /** Trace entries before the window this view starts at (earlier lessons' traffic). */
  earlier: number;
  lifelines: ReadonlyMap<string, Lifeline>;
  /** Columns left to right; a column is one lane. */
  columns: readonly Column[];
  /** Column index of each lane: `laneColumn[lifeline.lane]`. */
  laneColumn: readonly number[];
  groups: readonly ColumnGroup[];
  version: number;
}
