import { describe, expect, it } from 'vitest';
import { coalesced, reassembled, runDecoder, type Chunk } from '../../../web/framing/decoder-run.js';

const enc = new TextEncoder();
const chunks = (...parts: (string | number[])[]): Chunk[] =>
  parts.map((p, i) => ({ seq: i + 1, t: i * 1000, bytes: typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p) }));
const frames = (run: ReturnType<typeof runDecoder>) => run.steps.flatMap((s) => s.items.flatMap((x) => (x.kind === 'frame' ? [x.text] : [])));

describe("seed 002's decoder over recv() chunks", () => {
  it('puts back together a frame that came in pieces, and says in how many reads', () => {
    const run = runDecoder(chunks('10 ', 'ABC', 'DEF', 'GHI', 'J'));
    expect(frames(run)).toEqual(['ABCDEFGHIJ']);
    expect(run.steps.map((s) => s.after.phase)).toEqual(['payload', 'payload', 'payload', 'payload', 'size']);
    expect(run.steps[1]!.after).toMatchObject({ size: 10 });
    expect(run.steps[4]!.items[0]).toMatchObject({ kind: 'frame', reads: 5 });
    expect(reassembled(run)?.step.index).toBe(5);
  });

  it('answers two frames that came in one recv(), each complete in that one read', () => {
    const run = runDecoder(chunks('5 hello5 world'));
    expect(frames(run)).toEqual(['hello', 'world']);
    expect(run.steps[0]!.items.map((x) => x.reads)).toEqual([1, 1]);
    expect(coalesced(run)?.index).toBe(1);
    expect(reassembled(run)).toBeUndefined();
  });

  it('counts a frame that started in a read with an earlier frame from that read', () => {
    const run = runDecoder(chunks('2 ab3 c', 'de'));
    expect(frames(run)).toEqual(['ab', 'cde']);
    expect(run.steps[1]!.items[0]).toMatchObject({ reads: 2 });
    expect(run.steps[0]!.after).toMatchObject({ phase: 'payload', size: 3 });
  });

  it('keeps the size header across reads when the space comes later', () => {
    const run = runDecoder(chunks('1', '2', ' hello world!'));
    expect(run.steps.map((s) => s.after.phase)).toEqual(['size', 'size', 'size']);
    expect(frames(run)).toEqual(['hello world!']);
    expect(run.steps[2]!.items[0]).toMatchObject({ reads: 3 });
  });

  it('drops the buffer on a size that is not a number and counts the failure', () => {
    const run = runDecoder(chunks('x hello', '5 hello'));
    expect(run.steps[0]!.items[0]).toMatchObject({ kind: 'error', code: 'FRAME_BAD_SIZE', dropped: 7 });
    expect(run.steps[0]!.after.buffered).toHaveLength(0);
    expect(run.steps[0]!.failures).toBe(1);
    // a good frame resets the count, as in the seed
    expect(run.steps[1]!.failures).toBe(0);
    expect(frames(run)).toEqual(['hello']);
  });

  it('refuses an absurd size at once, without waiting for its bytes', () => {
    const run = runDecoder(chunks('99999 '));
    expect(run.steps[0]!.items[0]).toMatchObject({ kind: 'error', code: 'FRAME_TOO_LARGE' });
  });

  it('refuses a payload that is not UTF-8', () => {
    const run = runDecoder(chunks([0x32, 0x20, 0xff, 0xfe]));
    expect(run.steps[0]!.items[0]).toMatchObject({ kind: 'error', code: 'FRAME_BAD_UTF8' });
  });

  it('gives up after three bad frames in a row and reads nothing more', () => {
    const run = runDecoder(chunks('x', 'y', 'z', '5 hello'));
    expect(run.steps.map((s) => s.failures)).toEqual([1, 2, 3]);
    expect(run.gaveUp).toBe(true);
    expect(run.steps[2]!.gaveUp).toBe(true);
    expect(run.ignored).toBe(1);
    expect(frames(run)).toEqual([]);
  });
});
