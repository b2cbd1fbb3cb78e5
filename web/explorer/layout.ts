// How the explorer lays a header out: the fields a student reads (single-bit flags gathered into
// one "Flags" field, IPv4's empty options shown), each field's bits, and the classic diagram where
// every row is 32 bits (4 bytes) wide.
import { flagNames, TCP_FLAG_ORDER, type Header, type HeaderField, type Layer, type TcpFlags } from '../net/headers.js';

export const ROW_BITS = 32;

/** How a field became the lit one: under the pointer, or focused from the keyboard. */
export type Via = 'pointer' | 'focus';
export type OnActive = (key: string | undefined, via: Via) => void;

export interface ShownField {
  /** "<layer>.<id>": unique across the headers of one packet. */
  key: string;
  layer: Layer;
  id: string;
  bitOffset: number;
  bits: number;
  value: number | string | null;
  display: string;
  reconstructed: boolean;
  noteKey?: string;
  /** The single-bit fields a group is made of (IPv4's and TCP's flags). */
  parts?: HeaderField[];
}

/** Fields shown as one: their bits are adjacent in the header. */
const GROUPS: Partial<Record<Layer, { id: string; members: readonly string[] }>> = {
  ipv4: { id: 'flags', members: ['reserved', 'dontFragment', 'moreFragments'] },
  tcp: { id: 'flags', members: TCP_FLAG_ORDER },
};

const IPV4_FLAG_NAMES: Record<string, string> = { reserved: 'R', dontFragment: 'DF', moreFragments: 'MF' };

const shown = (f: HeaderField): ShownField => ({
  key: `${f.layer}.${f.id}`,
  layer: f.layer,
  id: f.id,
  bitOffset: f.bitOffset,
  bits: f.bits,
  value: f.value,
  display: f.display,
  reconstructed: f.reconstructed,
  ...(f.noteKey ? { noteKey: f.noteKey } : {}),
});

/** The header's fields as the explorer lists them, in header order. */
export function shownFields(header: Header): ShownField[] {
  const group = GROUPS[header.layer];
  const out: ShownField[] = [];
  const parts: HeaderField[] = [];
  for (const f of header.fields) {
    if (!group?.members.includes(f.id)) {
      out.push(shown(f));
      continue;
    }
    parts.push(f);
    if (parts.length === group.members.length) out.push(groupField(header.layer, group.id, parts));
  }
  if (header.layer === 'ipv4') {
    // IHL 5 means no options; the field is in the classic diagram, so say it is empty
    const end = header.bytes.length * 8;
    out.push({ key: 'ipv4.options', layer: 'ipv4', id: 'options', bitOffset: end, bits: 0, value: 'none', display: 'none', reconstructed: false });
  }
  return out;
}

function groupField(layer: Layer, id: string, parts: HeaderField[]): ShownField {
  const first = parts[0]!;
  const value = parts.reduce((n, p) => n * 2 + (p.value === 1 ? 1 : 0), 0);
  const set = parts.filter((p) => p.value === 1);
  let names: string;
  if (layer === 'tcp') {
    const flags: TcpFlags = Object.fromEntries(set.map((p) => [p.id, true]));
    names = flagNames(flags);
  } else {
    names = set.map((p) => IPV4_FLAG_NAMES[p.id] ?? p.id).join(', ');
  }
  const bits = parts.map((p) => String(p.value ?? 0)).join('');
  return {
    key: `${layer}.${id}`,
    layer,
    id,
    bitOffset: first.bitOffset,
    bits: parts.length,
    value,
    display: names ? `${bits} (${names})` : bits,
    // each flag's own line carries its note; the group only says that one of them is a guess
    reconstructed: parts.some((p) => p.reconstructed),
    parts: [...parts],
  };
}

/** The field's bits as 0s and 1s (? where the value is unknown), in groups of four from the right,
 * so each group is one hex digit of a byte-aligned field. */
export function fieldBits(header: Header, field: Pick<ShownField, 'bitOffset' | 'bits' | 'value'>): string {
  let raw = '';
  for (let i = 0; i < field.bits; i++) {
    const at = field.bitOffset + i;
    raw += field.value === null ? '?' : String(((header.bytes[at >> 3] ?? 0) >> (7 - (at & 7))) & 1);
  }
  if (raw.length <= 8 && field.bits < 8) return raw;
  const groups: string[] = [];
  for (let end = raw.length; end > 0; end -= 4) groups.unshift(raw.slice(Math.max(0, end - 4), end));
  return groups.join(' ');
}

/** The first and last byte (inclusive) holding any bit of the field; none for an empty field. */
export function fieldBytes(field: Pick<ShownField, 'bitOffset' | 'bits'>): number[] {
  if (field.bits === 0) return [];
  const first = field.bitOffset >> 3;
  const last = (field.bitOffset + field.bits - 1) >> 3;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export interface DiagramCell {
  field: ShownField;
  /** Column (0-31) where the cell starts in its row, and how many bit columns it spans. */
  col: number;
  span: number;
  /** A field wider than what is left of its row goes on in the next: only its first cell is named. */
  first: boolean;
}

/** The classic diagram: rows of 32 bits, each cut into the fields it holds. */
export function diagramRows(fields: readonly ShownField[], headerBytes: number): DiagramCell[][] {
  const rows: DiagramCell[][] = Array.from({ length: Math.ceil((headerBytes * 8) / ROW_BITS) }, () => []);
  for (const field of fields) {
    let at = field.bitOffset;
    const end = field.bitOffset + field.bits;
    while (at < end) {
      const row = Math.floor(at / ROW_BITS);
      const col = at % ROW_BITS;
      const span = Math.min(end - at, ROW_BITS - col);
      rows[row]?.push({ field, col, span, first: at === field.bitOffset });
      at += span;
    }
  }
  return rows;
}

/** "45", "0a": a byte as two hex digits. */
export const hexByte = (b: number) => b.toString(16).padStart(2, '0');
