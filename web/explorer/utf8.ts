// Bytes are not characters: UTF-8 writes an ASCII character in 1 byte, a Hangul syllable in 3, an
// emoji in 4. The explorer counts them one by one so "안녕 hi" visibly makes 3 + 3 + 1 + 1 + 1 = 9.

export interface CharBytes {
  char: string;
  bytes: number;
}

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });

/** Each character (code point) of the text with its UTF-8 length, and the total. */
export function utf8Breakdown(text: string): { chars: CharBytes[]; total: number } {
  const chars = Array.from(text, (char) => ({ char, bytes: encoder.encode(char).length }));
  return { chars, total: chars.reduce((n, c) => n + c.bytes, 0) };
}

/** The bytes as text, or undefined when they are not valid UTF-8 (cut inside a character, say). */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A character as a student can see it: a space, a tab or a newline made visible. */
export function visibleChar(char: string): string {
  if (char === ' ') return '␣';
  if (char === '\n') return '↵';
  if (char === '\t') return '⇥';
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
}

/** A one-line preview of a payload: its text cut to `max` characters, or its first bytes in hex. */
export function preview(bytes: Uint8Array, max = 24): string {
  const text = utf8Text(bytes);
  if (text === undefined) {
    const hex = Array.from(bytes.subarray(0, Math.ceil(max / 3)), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return bytes.length * 3 > max ? `${hex} …` : hex;
  }
  const chars = Array.from(text).map((c) => (c === ' ' ? c : visibleChar(c)));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}
