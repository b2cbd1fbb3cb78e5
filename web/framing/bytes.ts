// Bytes as the frame decoder view shows them (hex and ASCII side by side), and the composer's
// escapes: the student types text, and \xNN puts one raw byte in it, so bytes that are not UTF-8
// (\xff) can go on the wire, as b'...' literals do in Python.

/** Printable ASCII is shown as itself, everything else as a middle dot in the ASCII column. */
export const isPrintable = (byte: number) => byte >= 0x20 && byte <= 0x7e;

export const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
export const ascii = (bytes: Uint8Array) => Array.from(bytes, (b) => (isPrintable(b) ? String.fromCharCode(b) : '·')).join('');

const SIMPLE: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, '0': 0x00, '\\': 0x5c };

export type Escaped = { ok: true; bytes: Uint8Array } | { ok: false; at: number; what: string };

/** Text to bytes: UTF-8, except Python's escapes \xNN (one raw byte), \n, \r, \t, \0 and \\. */
export function parseEscapes(text: string): Escaped {
  const encoder = new TextEncoder();
  const out: number[] = [];
  let plain = '';
  const flush = () => {
    out.push(...encoder.encode(plain));
    plain = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      plain += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === 'x') {
      const digits = text.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(digits)) return { ok: false, at: i, what: text.slice(i, i + 4) };
      flush();
      out.push(parseInt(digits, 16));
      i += 3;
    } else if (next !== undefined && next in SIMPLE) {
      flush();
      out.push(SIMPLE[next]!);
      i += 1;
    } else {
      return { ok: false, at: i, what: text.slice(i, i + 2) };
    }
  }
  flush();
  return { ok: true, bytes: Uint8Array.from(out) };
}

export { concatBytes } from '../../protocol/bytes.js';
