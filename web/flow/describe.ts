// Words for the diagram's rows: the short label drawn on an arrow, and the sentence the list (for
// screen readers, and for tests) shows. One function each, so both always say the same thing.
import type { Address } from '../../protocol/messages.js';
import { addrKey } from './addresses.js';
import { escapedText, payloadBytes } from './payload.js';
import type { ArrowRow, FlowRow, FlowView, MarkRow, RelayDir, RelayNote, SummaryRow } from './types.js';

/** i18next's t() for the `flow` namespace, or any function with its shape. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export const PREVIEW_CHARS = 20;

export function lineLabel(view: FlowView, id: string): string {
  return view.lifelines.get(id)?.label ?? id;
}

const addr = (a: Address | undefined) => (a ? addrKey(a) : '?');

/** 'hello world' (escaped, cut), or '' when there is no payload. */
export function preview(row: { data?: string }, max = PREVIEW_CHARS): string {
  const bytes = payloadBytes(row.data);
  return bytes.length === 0 ? '' : `'${escapedText(bytes, max)}'`;
}

/** What the arrow carries: "UDP", "TCP", "SYN"… */
export function arrowName(row: ArrowRow, t: Translate): string {
  return t(`arrowName.${row.arrow}`);
}

/** The packet numbers a relay gave an arrow, as its panel shows them: "#12", "#12 #13". */
export const packetTag = (note: RelayNote): string => note.packets.map((p) => `#${p}`).join(' ');

/** What the relay's mark says about a packet's direction: "(→ server)". */
const dirWords = (dir: RelayDir | undefined, t: Translate): string => (dir ? ` (${t(`dir.${dir}`)})` : '');

/** The start of an arrow's label when a relay numbered it: "#12", "#7 retransmission". */
export function relayTag(row: ArrowRow, t: Translate): string | undefined {
  const note = row.relay;
  if (!note || note.packets.length === 0) return undefined;
  return note.retransmission ? `${packetTag(note)} ${t('relayNote.tag.retransmission')}` : packetTag(note);
}

/** The label drawn on an arrow: "54321 → 12000 · 11 B · 'hello world'" (the relay's tag, drawn
 * apart, goes before it). */
export function arrowLabel(row: ArrowRow, t: Translate): string {
  const ports = `${row.src?.port ?? '?'} → ${row.dst?.port ?? '?'}`;
  const parts = [row.arrow === 'datagram' || row.arrow === 'data' ? ports : `${arrowName(row, t)} ${ports}`];
  if (row.arrow === 'datagram' || row.arrow === 'data') parts.push(t('bytesShort', { count: row.size }));
  if (row.code) parts.push(row.code);
  const text = preview(row, 16);
  if (text) parts.push(text);
  return parts.join(' · ');
}

/** The words next to a mark on its lifeline. */
export function markLabel(row: MarkRow, view: FlowView, t: Translate): string {
  switch (row.mark) {
    case 'bound':
      return t('mark.bound', { local: addr(row.local) });
    case 'listening':
      return t('mark.listening', { local: addr(row.local) });
    case 'accepted':
      return t('mark.accepted', { sock: lineLabel(view, row.on) });
    case 'recv':
      return row.size === 0 || !row.stream ? t('mark.recvEof') : t('mark.recv', { count: row.size, start: row.stream.start, last: row.stream.end - 1 });
    case 'closed':
      return t(`mark.closedBy.${row.code ?? 'local'}`);
    case 'dropped':
      return t('mark.dropped', { count: row.count ?? 0 });
    case 'error':
      return row.call ? t('mark.error', { code: row.code, call: row.call }) : t('mark.errorNoCall', { code: row.code });
    case 'relay': {
      const code = row.code === 'blocked' && row.last !== undefined && row.last !== row.count ? 'blockedRun' : row.code;
      return t(`mark.relay.${code}`, { packet: row.count, last: row.last, of: row.of, ms: row.ms }) + dirWords(row.dir, t);
    }
  }
}

/** Sentences on what a relay did to an arrow's bytes, for the inspector and the list. */
export function relayFacts(note: RelayNote, t: Translate): string[] {
  const where = t(`relayNote.${note.stage}.${note.dir}`, { relay: note.relay });
  if (note.stage === 'in') {
    if (note.lost) return [where, t('relayNote.lost')];
    const facts = [where, t('relayNote.numbered', { count: note.packets.length, packets: packetTag(note) })];
    if (note.packets.length > 1) facts.push(t('relayNote.duplicated'));
    if (note.dropped) facts.push(t('relayNote.dropped'));
    return facts;
  }
  const facts = [where, t('relayNote.packet', { packet: packetTag(note) })];
  // a TCP piece's delay is mostly its wait behind a lost one, when there was one
  if (note.retransmission)
    facts.push(note.of !== undefined ? t('relayNote.resendOf', { of: note.of }) : t('relayNote.retransmission', { ms: note.delayMs ?? 0 }));
  else if (note.blockedBy !== undefined) facts.push(t('relayNote.blocked', { of: note.blockedBy, ms: note.delayMs ?? 0 }));
  else if (note.delayMs) facts.push(t('relayNote.delayed', { ms: note.delayMs }));
  if (note.duplicate) facts.push(t('relayNote.duplicate'));
  if (note.reordered) facts.push(t('relayNote.reordered'));
  if (note.held) facts.push(t('relayNote.held'));
  return facts;
}

const numbers = new Intl.NumberFormat('en-US');

/** Arrows a second over the summary's burst (a burst shorter than a second counts as one). */
export function summaryRate(row: SummaryRow): number {
  return Math.round(row.count / Math.max(1, (row.tLast - row.t) / 1e6));
}

/** "1,240 datagrams/s between 127.0.0.1:51260 and lab:udp-upper · 12,400 in all". */
export function summaryLabel(row: SummaryRow, view: FlowView, t: Translate): string {
  return t('summary.label', {
    rate: numbers.format(summaryRate(row)),
    unit: t(`summary.unit.${row.proto}`),
    a: lineLabel(view, row.a),
    b: lineLabel(view, row.b),
    count: row.count,
    total: numbers.format(row.count),
  });
}

/** The arrow a step is on: the row's, or the member of a summary. */
export function arrowOf(row: FlowRow | undefined, member: number | undefined): ArrowRow | undefined {
  if (!row || row.kind === 'mark') return undefined;
  if (row.kind === 'arrow') return row;
  return row.members[member ?? row.members.length - 1];
}

/** One sentence per row: "udp-client-1 127.0.0.1:54321 → 127.0.0.1:12000 UDP 11 bytes 'hello world'". */
export function describeRow(row: FlowRow, view: FlowView, t: Translate): string {
  if (row.kind === 'summary') return `${summaryLabel(row, view, t)} (${t('summary.folded', { count: row.members.length })})`;
  if (row.kind === 'mark') {
    const extra =
      row.mark === 'accepted'
        ? ` ${addr(row.local)} ↔ ${addr(row.remote)}`
        : (row.mark === 'recv' || row.mark === 'relay') && row.size
          ? ` ${preview(row)}`
          : '';
    // accept() is the welcoming socket's call; the new socket is named in the words
    const subject = row.mark === 'accepted' && row.from ? row.from : row.on;
    return `${lineLabel(view, subject)} ${markLabel(row, view, t)}${extra}`;
  }
  // an address the lab cannot see inside is named by its address, which follows anyway
  const parts = view.lifelines.get(row.from)?.owner === 'external' ? [] : [lineLabel(view, row.from)];
  const tag = relayTag(row, t);
  if (tag) parts.unshift(tag);
  parts.push(`${addr(row.src)} → ${addr(row.dst)}`);
  parts.push(row.proto === 'udp' ? 'UDP' : row.arrow === 'data' ? 'TCP' : `TCP ${arrowName(row, t)}`);
  if (row.arrow === 'datagram' || row.arrow === 'data') parts.push(t('bytes', { count: row.size }));
  if (row.code) parts.push(row.code);
  const text = preview(row);
  if (text) parts.push(text);
  if (row.byOs) parts.push(`(${t('byOs')})`);
  if (row.status !== 'delivered') parts.push(`(${t(`fate.${row.status}`)})`);
  const relay = row.relay ? ` (${relayFacts(row.relay, t).join(' ')})` : '';
  return `${parts.join(' ')} → ${lineLabel(view, row.to)}${relay}`;
}

/** 12:00:01.234 in local time. */
export function formatClock(wallMs: number): string {
  const d = new Date(wallMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Remembers each row's words until the row or the language changes: the list and the diagram
 * ask again every frame, and t() costs more than a lookup. */
export class WordCache {
  private readonly memo = new WeakMap<FlowRow, { rev: number; t: Translate; text: string }>();

  get(row: FlowRow, t: Translate, make: () => string): string {
    const hit = this.memo.get(row);
    if (hit && hit.rev === row.rev && hit.t === t) return hit.text;
    const text = make();
    this.memo.set(row, { rev: row.rev, t, text });
    return text;
  }
}
