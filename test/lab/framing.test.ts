import { describe, expect, it } from 'vitest';
import { stringContaining } from '../support/matchers.js';
import { encodeFrame, FRAME_MAX_SIZE, FrameDecoder, type Decoded } from '../../protocol/framing.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const texts = (items: Decoded[]) => items.map((d) => (d.kind === 'frame' ? d.text : `!${d.code}`));

describe('frame codec (seed 002: size, space, payload)', () => {
  it('encodes the size in ASCII digits, counting UTF-8 bytes, then one space', () => {
    expect(new TextDecoder().decode(encodeFrame('hello'))).toBe('5 hello');
    expect(new TextDecoder().decode(encodeFrame('한글'))).toBe('6 한글');
    expect(new TextDecoder().decode(encodeFrame(''))).toBe('0 ');
  });

  it('decodes one frame that arrives whole', () => {
    expect(texts(new FrameDecoder().push(bytes('5 hello')))).toEqual(['hello']);
  });

  it('reassembles a frame split across reads at every possible point', () => {
    const whole = bytes('11 hello world');
    for (let cut = 0; cut <= whole.length; cut++) {
      const decoder = new FrameDecoder();
      const first = decoder.push(whole.subarray(0, cut));
      const second = decoder.push(whole.subarray(cut));
      expect([...texts(first), ...texts(second)], `cut at ${cut}`).toEqual(['hello world']);
    }
  });

  it('reassembles a frame fed one byte at a time, including a character split between reads', () => {
    const decoder = new FrameDecoder();
    const out: Decoded[] = [];
    for (const byte of encodeFrame('안녕 hi')) out.push(...decoder.push(Uint8Array.of(byte)));
    expect(texts(out)).toEqual(['안녕 hi']);
  });

  it('handles two frames in one read, and keeps the start of a third for later', () => {
    const decoder = new FrameDecoder();
    expect(texts(decoder.push(bytes('3 one3 two5 th')))).toEqual(['one', 'two']);
    expect(decoder.state).toMatchObject({ phase: 'payload', size: 5 });
    expect(new TextDecoder().decode(decoder.state.buffered)).toBe('5 th');
    expect(texts(decoder.push(bytes('ree')))).toEqual(['three']);
    expect(decoder.state).toEqual({ phase: 'size', buffered: new Uint8Array(0) });
  });

  it('reports the phase while the size is still being read', () => {
    const decoder = new FrameDecoder();
    decoder.push(bytes('12'));
    expect(decoder.state.phase).toBe('size');
    expect(decoder.state.size).toBeUndefined();
  });

  it('accepts an empty payload', () => {
    expect(texts(new FrameDecoder().push(bytes('0 2 ok')))).toEqual(['', 'ok']);
  });

  it('refuses a size that is not a number at once, and drops the whole buffer', () => {
    const decoder = new FrameDecoder();
    const [error, ...rest] = decoder.push(bytes('12x4 hello 5 hello'));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ kind: 'error', code: 'FRAME_BAD_SIZE', dropped: 18 });
    expect(error?.kind === 'error' && error.message).toContain("'x'");
    expect(decoder.state.buffered.length).toBe(0);
    // the decoder carries on with the next bytes
    expect(texts(decoder.push(bytes('2 ok')))).toEqual(['ok']);
  });

  it('refuses a frame that starts with a space (no size)', () => {
    expect(texts(new FrameDecoder().push(bytes(' hello')))).toEqual(['!FRAME_BAD_SIZE']);
  });

  it('refuses an absurd size as soon as its digits pass the limit, without waiting for the space', () => {
    const decoder = new FrameDecoder();
    const [error] = decoder.push(bytes('99999'));
    expect(error).toMatchObject({ kind: 'error', code: 'FRAME_TOO_LARGE' });
    expect(error?.kind === 'error' && error.message).toContain(String(FRAME_MAX_SIZE));
  });

  it('accepts exactly the limit and refuses one byte more', () => {
    const decoder = new FrameDecoder({ maxSize: 4 });
    expect(texts(decoder.push(bytes('4 abcd')))).toEqual(['abcd']);
    expect(texts(decoder.push(bytes('5 abcde')))).toEqual(['!FRAME_TOO_LARGE']);
  });

  it('bounds leading zeros so a header of zeros cannot grow without end', () => {
    const decoder = new FrameDecoder();
    expect(texts(decoder.push(bytes('007 abcdefg')))).toEqual(['abcdefg']);
    expect(texts(decoder.push(bytes('0'.repeat(11))))).toEqual(['!FRAME_TOO_LARGE']);
  });

  it('refuses a payload that is not UTF-8, dropping what follows it in the buffer', () => {
    const decoder = new FrameDecoder();
    const input = new Uint8Array([...bytes('2 '), 0xff, 0xfe, ...bytes('2 ok')]);
    const out = decoder.push(input);
    expect(out).toEqual([{ kind: 'error', code: 'FRAME_BAD_UTF8', message: stringContaining('UTF-8'), dropped: input.length }]);
    expect(texts(decoder.push(bytes('2 ok')))).toEqual(['ok']);
  });

  it('passes bytes through unchecked when told the payload is not text', () => {
    const [frame] = new FrameDecoder({ utf8: false }).push(new Uint8Array([...bytes('2 '), 0xff, 0xfe]));
    expect(frame).toEqual({ kind: 'frame', payload: Uint8Array.of(0xff, 0xfe) });
  });

  it('keeps only an incomplete frame buffered, however many frames one read holds', () => {
    const decoder = new FrameDecoder();
    const many = new Uint8Array(Array.from({ length: 1000 }, () => [...encodeFrame('abc')]).flat());
    expect(decoder.push(many)).toHaveLength(1000);
    expect(decoder.state.buffered.length).toBe(0);
  });

  it('refuses a negative or fractional limit when it is built', () => {
    expect(() => new FrameDecoder({ maxSize: -1 })).toThrow(/maxSize/);
    expect(() => new FrameDecoder({ maxSize: 1.5 })).toThrow(/maxSize/);
  });
});
