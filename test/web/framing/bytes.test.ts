import { describe, expect, it } from 'vitest';
import { ascii, hex, parseEscapes } from '../../../web/framing/bytes.js';

const bytes = (text: string) => {
  const r = parseEscapes(text);
  if (!r.ok) throw new Error(`bad escape at ${r.at}`);
  return Array.from(r.bytes);
};

describe("the composer's escapes", () => {
  it('sends plain text as UTF-8', () => {
    expect(bytes('5 hi')).toEqual([0x35, 0x20, 0x68, 0x69]);
    expect(bytes('한')).toEqual([0xed, 0x95, 0x9c]);
  });
  it('turns \\xNN into one raw byte, not the UTF-8 of a character', () => {
    expect(bytes('\\xff\\xFE')).toEqual([0xff, 0xfe]);
    expect(bytes('2 \\xff!')).toEqual([0x32, 0x20, 0xff, 0x21]);
  });
  it('knows \\n, \\r, \\t, \\0 and \\\\', () => {
    expect(bytes('a\\r\\n\\t\\0\\\\')).toEqual([0x61, 0x0d, 0x0a, 0x09, 0x00, 0x5c]);
  });
  it('refuses an escape it does not know, saying where', () => {
    expect(parseEscapes('ab\\q')).toEqual({ ok: false, at: 2, what: '\\q' });
    expect(parseEscapes('\\x4')).toMatchObject({ ok: false, at: 0 });
  });
});

describe('hex and ASCII columns', () => {
  it('show every byte, with a dot for what is not printable ASCII', () => {
    const b = Uint8Array.from([0x35, 0x20, 0x68, 0xff, 0x0a]);
    expect(hex(b)).toBe('35 20 68 ff 0a');
    expect(ascii(b)).toBe('5 h··');
  });
});
