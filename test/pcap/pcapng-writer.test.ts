// The writer against the pcapng specification (draft-ietf-opsawg-pcapng, sections 3 and 4): the
// blocks' layout is read back here by hand, field by field, not by the lab's own reader.
import { describe, expect, it } from 'vitest';
import { writePcapng } from '../../web/pcap/pcapng-writer.js';

interface RawBlock {
  type: number;
  length: number;
  body: DataView;
}

/** Splits a file into blocks, checking that each one's two length fields agree (section 3.1). */
function blocks(bytes: Uint8Array): RawBlock[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: RawBlock[] = [];
  for (let at = 0; at < bytes.length;) {
    const type = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    expect(length % 4).toBe(0);
    expect(view.getUint32(at + length - 4, true)).toBe(length);
    out.push({ type, length, body: new DataView(bytes.buffer, bytes.byteOffset + at + 8, length - 12) });
    at += length;
  }
  return out;
}

/** Options from `from` on (section 3.5): code, length, value padded to 32 bits, ended by code 0. */
function options(body: DataView, from: number): { code: number; value: Uint8Array }[] {
  const out: { code: number; value: Uint8Array }[] = [];
  let at = from;
  for (;;) {
    const code = body.getUint16(at, true);
    const length = body.getUint16(at + 2, true);
    if (code === 0) {
      expect(length).toBe(0);
      expect(at + 4).toBe(body.byteLength); // opt_endofopt is the last thing in the block
      return out;
    }
    out.push({ code, value: new Uint8Array(body.buffer, body.byteOffset + at + 4, length) });
    at += 4 + Math.ceil(length / 4) * 4;
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('pcapng writer', () => {
  const file = writePcapng({
    comments: ['made by a test', 'second'],
    application: 'Socket Lab',
    interfaces: [{ linkType: 228, name: 'lo (IPv4)' }, { linkType: 229 }],
    packets: [
      { iface: 0, timeUs: 1_796_522_400_123_456, data: Uint8Array.of(0x45, 1, 2, 3, 4), comments: ['sendto() from udp-client-1'] },
      { iface: 1, timeUs: 5, data: new Uint8Array(8), originalLength: 100 },
    ],
  });
  const all = blocks(file);

  it('starts with a Section Header Block: byte-order magic, version 1.0, unknown section length, comments', () => {
    const shb = all[0]!;
    expect(shb.type).toBe(0x0a0d0d0a);
    expect(shb.body.getUint32(0, true)).toBe(0x1a2b3c4d);
    expect(shb.body.getUint16(4, true)).toBe(1);
    expect(shb.body.getUint16(6, true)).toBe(0);
    expect(shb.body.getBigInt64(8, true)).toBe(-1n);
    const opts = options(shb.body, 16);
    expect(opts.map((o) => [o.code, text(o.value)])).toEqual([
      [1, 'made by a test'],
      [1, 'second'],
      [4, 'Socket Lab'],
    ]);
  });

  it('describes each interface with its link type, no snap length limit, a name and microsecond resolution', () => {
    const [idb4, idb6] = all.slice(1, 3);
    expect(idb4!.type).toBe(1);
    expect(idb4!.body.getUint16(0, true)).toBe(228);
    expect(idb4!.body.getUint16(2, true)).toBe(0); // reserved
    expect(idb4!.body.getUint32(4, true)).toBe(0);
    expect(options(idb4!.body, 8).map((o) => [o.code, o.code === 2 ? text(o.value) : [...o.value]])).toEqual([
      [2, 'lo (IPv4)'],
      [9, [6]],
    ]);
    expect(idb6!.body.getUint16(0, true)).toBe(229);
  });

  it('writes each packet as an Enhanced Packet Block: interface, 64-bit timestamp, lengths, padded data, comment', () => {
    const [epb, second] = all.slice(3);
    expect(epb!.type).toBe(6);
    expect(epb!.body.getUint32(0, true)).toBe(0);
    const ts = epb!.body.getUint32(4, true) * 2 ** 32 + epb!.body.getUint32(8, true);
    expect(ts).toBe(1_796_522_400_123_456);
    expect(epb!.body.getUint32(12, true)).toBe(5);
    expect(epb!.body.getUint32(16, true)).toBe(5);
    expect([...new Uint8Array(epb!.body.buffer, epb!.body.byteOffset + 20, 8)]).toEqual([0x45, 1, 2, 3, 4, 0, 0, 0]);
    expect(options(epb!.body, 28).map((o) => [o.code, text(o.value)])).toEqual([[1, 'sendto() from udp-client-1']]);
    expect(second!.body.getUint32(0, true)).toBe(1);
    expect(second!.body.getUint32(12, true)).toBe(8);
    expect(second!.body.getUint32(16, true)).toBe(100); // the real length; the file holds its start
    expect(second!.length).toBe(12 + 20 + 8); // no options: no opt_endofopt either
  });

  it('pads a comment that is not a multiple of four bytes, and counts UTF-8 bytes, not characters', () => {
    const one = writePcapng({ interfaces: [{ linkType: 228 }], packets: [{ iface: 0, timeUs: 0, data: new Uint8Array(0), comments: ['연결'] }] });
    const epb = blocks(one)[2]!;
    const [opt] = options(epb.body, 20);
    expect(opt!.value.length).toBe(6);
    expect(text(opt!.value)).toBe('연결');
  });

  it('refuses a packet on an interface the file does not describe', () => {
    expect(() => writePcapng({ interfaces: [], packets: [{ iface: 0, timeUs: 0, data: new Uint8Array(1) }] })).toThrow(RangeError);
  });
});
