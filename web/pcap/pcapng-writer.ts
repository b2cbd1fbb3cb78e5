// Writes a pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block, one Interface
// Description Block per link type, one Enhanced Packet Block per packet. Little-endian, timestamps
// in microseconds (the default if_tsresol), comments as opt_comment options. Small enough to own;
// test/pcap/pcapng-writer.test.ts holds it to the specification's layout.

export const BLOCK = { shb: 0x0a0d0d0a, idb: 0x00000001, epb: 0x00000006, spb: 0x00000003, obsoletePacket: 0x00000002 } as const;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Option codes: the same number means different things in different blocks. */
export const OPTION = { endOfOpt: 0, comment: 1, shbUserAppl: 4, ifName: 2, ifTsresol: 9 } as const;

export interface PcapngInterface {
  linkType: number;
  name?: string;
  snapLen?: number;
}

export interface PcapngPacket {
  /** Index into the interfaces. */
  iface: number;
  /** Microseconds since 1970-01-01 UTC. */
  timeUs: number;
  /** The bytes captured (from the link-layer header on). */
  data: Uint8Array;
  /** The packet's real length, when `data` holds only its start. */
  originalLength?: number;
  comments?: string[];
}

export interface PcapngFile {
  comments?: string[];
  application?: string;
  interfaces: PcapngInterface[];
  packets: PcapngPacket[];
}

const encoder = new TextEncoder();
const pad4 = (n: number) => (n + 3) & ~3;

interface Option {
  code: number;
  value: Uint8Array;
}

const text = (code: number, s: string): Option => ({ code, value: encoder.encode(s) });

function optionsLength(options: Option[]): number {
  if (options.length === 0) return 0;
  return options.reduce((n, o) => n + 4 + pad4(o.value.length), 0) + 4; // + opt_endofopt
}

/** Collects blocks in one growing byte array. */
class BlockWriter {
  private chunks: Uint8Array[] = [];

  block(type: number, body: Uint8Array, options: Option[]): void {
    const total = 12 + body.length + optionsLength(options);
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    view.setUint32(0, type, true);
    view.setUint32(4, total, true);
    out.set(body, 8);
    let at = 8 + body.length;
    if (options.length > 0) {
      for (const o of options) {
        view.setUint16(at, o.code, true);
        view.setUint16(at + 2, o.value.length, true);
        out.set(o.value, at + 4);
        at += 4 + pad4(o.value.length);
      }
      at += 4; // opt_endofopt: code 0, length 0
    }
    view.setUint32(at, total, true);
    this.chunks.push(out);
  }

  bytes(): Uint8Array {
    const size = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export function writePcapng(file: PcapngFile): Uint8Array {
  const w = new BlockWriter();

  const shb = new Uint8Array(16);
  const shbView = new DataView(shb.buffer);
  shbView.setUint32(0, BYTE_ORDER_MAGIC, true);
  shbView.setUint16(4, 1, true); // major version
  shbView.setUint16(6, 0, true); // minor version
  shbView.setBigInt64(8, -1n, true); // section length: not given
  w.block(BLOCK.shb, shb, [
    ...(file.comments ?? []).map((c) => text(OPTION.comment, c)),
    ...(file.application ? [text(OPTION.shbUserAppl, file.application)] : []),
  ]);

  for (const iface of file.interfaces) {
    const idb = new Uint8Array(8);
    const v = new DataView(idb.buffer);
    v.setUint16(0, iface.linkType, true);
    v.setUint32(4, iface.snapLen ?? 0, true); // 0: no limit
    const options: Option[] = [];
    if (iface.name) options.push(text(OPTION.ifName, iface.name));
    options.push({ code: OPTION.ifTsresol, value: Uint8Array.of(6) }); // 10^-6 s
    w.block(BLOCK.idb, idb, options);
  }

  for (const p of file.packets) {
    if (p.iface < 0 || p.iface >= file.interfaces.length) throw new RangeError(`no interface ${p.iface}`);
    const body = new Uint8Array(20 + pad4(p.data.length));
    const v = new DataView(body.buffer);
    const t = BigInt(Math.round(p.timeUs));
    v.setUint32(0, p.iface, true);
    v.setUint32(4, Number(t >> 32n), true);
    v.setUint32(8, Number(t & 0xffffffffn), true);
    v.setUint32(12, p.data.length, true);
    v.setUint32(16, Math.max(p.originalLength ?? p.data.length, p.data.length), true);
    body.set(p.data, 20);
    w.block(
      BLOCK.epb,
      body,
      (p.comments ?? []).map((c) => text(OPTION.comment, c)),
    );
  }
  return w.bytes();
}
