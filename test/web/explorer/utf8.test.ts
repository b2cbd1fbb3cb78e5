// Bytes are not characters: the counts lesson 1 asks the student to make.
import { describe, expect, it } from 'vitest';
import { preview, utf8Breakdown, utf8Text, visibleChar } from '../../../web/explorer/utf8.js';

describe('utf8Breakdown', () => {
  it('counts "안녕 hi" as 3 + 3 + 1 + 1 + 1 = 9 bytes for 5 characters', () => {
    const { chars, total } = utf8Breakdown('안녕 hi');
    expect(chars.map((c) => [c.char, c.bytes])).toEqual([
      ['안', 3],
      ['녕', 3],
      [' ', 1],
      ['h', 1],
      ['i', 1],
    ]);
    expect(total).toBe(9);
  });

  it('agrees with lesson 3: "안녕 socket" is 13 bytes', () => {
    expect(utf8Breakdown('안녕 socket').total).toBe(13);
  });

  it('takes an emoji as one character of 4 bytes, and é as 2', () => {
    expect(utf8Breakdown('😀é').chars.map((c) => c.bytes)).toEqual([4, 2]);
  });

  it('always totals what TextEncoder produces', () => {
    for (const s of ['', 'hello, socket', '가'.repeat(1000), '한글과 English 섞기']) expect(utf8Breakdown(s).total).toBe(new TextEncoder().encode(s).length);
  });
});

describe('utf8Text', () => {
  it('decodes whole characters, and refuses a cut inside one', () => {
    const bytes = new TextEncoder().encode('안녕');
    expect(utf8Text(bytes)).toBe('안녕');
    expect(utf8Text(bytes.subarray(0, 4))).toBeUndefined();
  });
});

describe('preview and visibleChar', () => {
  it('shows a sentence as it is, cut with … when long', () => {
    expect(preview(new TextEncoder().encode('hello, socket'))).toBe('hello, socket');
    expect(preview(new TextEncoder().encode('a'.repeat(30)), 24)).toBe(`${'a'.repeat(24)}…`);
  });

  it('makes line ends visible and shows bytes that are not text in hex', () => {
    expect(preview(new TextEncoder().encode('hi\n'))).toBe('hi↵');
    expect(preview(Uint8Array.from([0xff, 0x00, 0x41]))).toBe('ff 00 41');
    expect(visibleChar(' ')).toBe('␣');
    expect(visibleChar('\x01')).toBe('\\x01');
  });
});
