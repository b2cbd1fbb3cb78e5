// A payload as a student reads it: UTF-8 text with every byte that is not valid UTF-8 (or is a
// control character) shown as an escape, a short preview, and a hex dump with offsets and ASCII.
import { base64ToBytes } from '../../protocol/base64.js';

export type TextPiece =
  | { kind: 'text'; text: string }
  /** A control character, or bytes that are not valid UTF-8 (invalid: true), as an escape. */
  | { kind: 'escape'; text: string; invalid: boolean };

const NAMED: Record<number, string> = { 0: '\\0', 9: '\\t', 10: '\\n', 13: '\\r', 92: '\\\\' };
const byteEscape = (b: number) => `\\x${b.toString(16).padStart(2, '0')}`;

export function payloadBytes(data: string | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  try {
    return base64ToBytes(data);
  } catch {
    return new Uint8Array(0);
  }
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if the byte there does not start one
 * (overlong forms, surrogates and code points above U+10FFFF are invalid, as in WHATWG's decoder). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) n = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    if (b0 === 0xe0) lo = 0xa0;
    if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + n > bytes.length) return 0;
  for (let k = 1; k < n; k++) {
    const b = bytes[i + k]!;
    if (b < (k === 1 ? lo : 0x80) || b > (k === 1 ? hi : 0xbf)) return 0;
  }
  return n;
}

const decoder = new TextDecoder();

/** The bytes as text pieces: runs of printable text, and escapes for the rest. */
export function decodePieces(bytes: Uint8Array): TextPiece[] {
  const pieces: TextPiece[] = [];
  let start = 0;
  const flush = (end: number) => {
    if (end > start) pieces.push({ kind: 'text', text: decoder.decode(bytes.subarray(start, end)) });
  };
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    const b = bytes[i]!;
    if (n === 0 || (n === 1 && (b < 0x20 || b === 0x7f || b === 0x5c))) {
      flush(i);
      pieces.push({ kind: 'escape', text: NAMED[b] ?? byteEscape(b), invalid: n === 0 });
      i += 1;
      start = i;
    } else {
      i += n;
    }
  }
  flush(i);
  return pieces;
}

/** One line of escaped text, cut to `max` characters with "…" (the flow's preview). */
export function escapedText(bytes: Uint8Array, max = Infinity): string {
  let out = '';
  for (const piece of decodePieces(bytes)) {
    out += piece.text;
    if (out.length > max) break;
  }
  const chars = Array.from(out);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : out;
}

export interface HexLine {
  offset: string;
  hex: string;
  ascii: string;
}

/** Classic hex dump: 4-digit hex offset, `width` bytes in hex, the same bytes as ASCII ('.' for the rest). */
export function hexDump(bytes: Uint8Array, width = 16): HexLine[] {
  const lines: HexLine[] = [];
  for (let at = 0; at < bytes.length; at += width) {
    const chunk = bytes.subarray(at, at + width);
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, '0'));
    lines.push({
      offset: at.toString(16).padStart(4, '0'),
      hex: hex.join(' ').padEnd(width * 3 - 1, ' '),
      ascii: Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join(''),
    });
  }
  return lines;
}
