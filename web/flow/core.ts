// What the flow model is asked to draw (FlowOptions), and what its UDP and TCP parts need from the
// model itself (FlowCore).
import type { Address } from '../../protocol/messages.js';
import { belongsTo } from '../../protocol/socket-ids.js';
import type { ArrowRow, FlowRow, Lifeline, LifelineKind, MarkRow } from './types.js';

export type NewArrow = Omit<ArrowRow, 'kind' | 'row' | 'rev'>;
export type NewMark = Omit<MarkRow, 'kind' | 'row' | 'rev'>;

export interface FlowCore {
  /** The socket's lifeline: the open one, or a new one if the id is new or was closed (an id reused). */
  open(sock: string, kind: LifelineKind, fields?: Partial<Pick<Lifeline, 'local' | 'remote' | 'parent' | 'side'>>): Lifeline;
  /** The socket's current lifeline, created if the lab never saw it open. */
  get(sock: string, kind: LifelineKind): Lifeline;
  /** An address no socket of the lab's owns: a program the lab cannot see inside, or nobody. */
  external(address: Address, role: 'sender' | 'receiver'): Lifeline;
  /** The open UDP socket bound to this address, or the open welcoming socket listening on it. */
  udpAt(address: Address): Lifeline | undefined;
  /** The page's UDP socket that was bound to this address and has closed since. */
  closedUdpAt(address: Address): Lifeline | undefined;
  listenerAt(address: Address): Lifeline | undefined;
  /** The TCP socket whose own end is `local` and whose peer is `remote`. */
  connection(local: Address, remote: Address): Lifeline | undefined;
  /** Records the 4-tuple of a connected socket. */
  setConnection(line: Lifeline, local: Address, remote: Address): void;
  addArrow(arrow: NewArrow): ArrowRow;
  addMark(mark: NewMark): MarkRow;
  /** Call after changing a row: redraws it, and places a lifeline it now points to. */
  touch(row: ArrowRow | MarkRow): void;
  /** Whether no row has been drawn since this one (so it may still grow instead of adding one). */
  isLast(row: FlowRow): boolean;
}

export interface FlowOptions {
  /** Draw only rows that touch these sockets: ids ("udp-client-1"), lab server names ("tcp-upper",
   * which also covers its connections), or a console's id prefix ("udp-client"). */
  filter?: readonly string[];
  /** Rows kept; older ones are dropped in chunks of a tenth. */
  maxRows?: number;
  lostAfterUs?: number;
  /** Arrows a second between two lifelines above which they are folded into a summary row
   * (SUMMARY_RATE; Infinity draws every arrow on its own row). */
  summaryRate?: number;
  /** Draw only what trace entries numbered `since` or later did (the lesson's own traffic); the
   * earlier ones still teach the model which sockets exist. */
  since?: number;
}

export const DEFAULT_MAX_ROWS = 5000;

export function matchesFilter(sock: string, filter: readonly string[]): boolean {
  return filter.some((f) => belongsTo(sock, f));
}
