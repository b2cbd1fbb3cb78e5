import { describe, expect, it } from 'vitest';
import { decodePieces, escapedText, hexDump, payloadBytes } from '../../../web/flow/payload.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('payload text', () => {
  it('shows plain and Korean text as it is', () => {
    expect(escapedText(utf8('hello world'))).toBe('hello world');
    expect(escapedText(utf8('안녕하세요'))).toBe('안녕하세요');
  });

  it('escapes control characters and backslashes so one line shows everything', () => {
    expect(escapedText(utf8('a\tb\r\n\\'))).toBe('a\\tb\\r\\n\\\\');
    expect(escapedText(bytes(0, 0x7f))).toBe('\\0\\x7f');
  });

  it('marks bytes that are not valid UTF-8, one escape per byte', () => {
    const pieces = decodePieces(bytes(0x68, 0xff, 0xc3, 0x69, 0xed, 0xa0, 0x80));
    expect(pieces).toEqual([
      { kind: 'text', text: 'h' },
      { kind: 'escape', text: '\\xff', invalid: true },
      { kind: 'escape', text: '\\xc3', invalid: true },
      { kind: 'text', text: 'i' },
      { kind: 'escape', text: '\\xed', invalid: true }, // a UTF-16 surrogate is not UTF-8
      { kind: 'escape', text: '\\xa0', invalid: true },
      { kind: 'escape', text: '\\x80', invalid: true },
    ]);
  });

  it('treats a Hangul syllable cut in the middle as invalid bytes', () => {
    const cut = utf8('한').subarray(0, 2);
    expect(escapedText(cut)).toBe('\\xed\\x95');
  });

  it('cuts a long preview with an ellipsis, without splitting a character', () => {
    expect(escapedText(utf8('가나다라마'), 3)).toBe('가나다…');
    expect(escapedText(utf8('abc'), 3)).toBe('abc');
  });

  it('decodes base64 and tolerates a missing payload', () => {
    expect(payloadBytes(Buffer.from('hi').toString('base64'))).toEqual(utf8('hi'));
    expect(payloadBytes(undefined).length).toBe(0);
  });
});

describe('hex dump', () => {
  it('gives offset, hex and ASCII per 16 bytes, dots for the rest', () => {
    const lines = hexDump(utf8('hello world, 안녕!'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ offset: '0000', hex: '68 65 6c 6c 6f 20 77 6f 72 6c 64 2c 20 ec 95 88', ascii: 'hello world, ...' });
    expect(lines[1]!.offset).toBe('0010');
    expect(lines[1]!.hex.trimEnd()).toBe('eb 85 95 21');
    expect(lines[1]!.hex).toHaveLength(47);
    expect(lines[1]!.ascii).toBe('...!');
  });
});
