// Words for the diagram's rows: the short label drawn on an arrow, and the sentence the list (for
// screen readers, and for tests) shows. One function each, so both always say the same thing.
import type { Address } from '../../protocol/messages.js';
import { addrKey } from './addresses.js';
import { escapedText, payloadBytes } from './payload.js';
import type { ArrowRow, FlowRow, FlowView, MarkRow } from './types.js';

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

/** The label drawn on an arrow: "54321 → 12000 · 11 B · 'hello world'". */
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
      return row.size === 0 || !row.stream
        ? t('mark.recvEof')
        : t('mark.recv', { count: row.size, start: row.stream.start, last: row.stream.end - 1 });
    case 'closed':
      return t(`mark.closedBy.${row.code ?? 'local'}`);
    case 'dropped':
      return t('mark.dropped', { count: row.count ?? 0 });
    case 'error':
      return row.call ? t('mark.error', { code: row.code, call: row.call }) : t('mark.errorNoCall', { code: row.code });
    case 'relay':
      return t(`mark.relay.${row.code}`, { count: row.count });
  }
}

/** One sentence per row: "udp-client-1 127.0.0.1:54321 → 127.0.0.1:12000 UDP 11 bytes 'hello world'". */
export function describeRow(row: FlowRow, view: FlowView, t: Translate): string {
  if (row.kind === 'mark') {
    const extra = row.mark === 'accepted' ? ` ${addr(row.local)} ↔ ${addr(row.remote)}` : row.mark === 'recv' && row.size ? ` ${preview(row)}` : '';
    // accept() is the welcoming socket's call; the new socket is named in the words
    const subject = row.mark === 'accepted' && row.from ? row.from : row.on;
    return `${lineLabel(view, subject)} ${markLabel(row, view, t)}${extra}`;
  }
  // an address the lab cannot see inside is named by its address, which follows anyway
  const parts = view.lifelines.get(row.from)?.owner === 'external' ? [] : [lineLabel(view, row.from)];
  parts.push(`${addr(row.src)} → ${addr(row.dst)}`);
  parts.push(row.proto === 'udp' ? 'UDP' : row.arrow === 'data' ? 'TCP' : `TCP ${arrowName(row, t)}`);
  if (row.arrow === 'datagram' || row.arrow === 'data') parts.push(t('bytes', { count: row.size }));
  if (row.code) parts.push(row.code);
  const text = preview(row);
  if (text) parts.push(text);
  if (row.byOs) parts.push(`(${t('byOs')})`);
  if (row.status !== 'delivered') parts.push(`(${t(`fate.${row.status}`)})`);
  return `${parts.join(' ')} → ${lineLabel(view, row.to)}`;
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
