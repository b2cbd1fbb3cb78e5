// The flow saved as pcapng, read back: every arrow is one packet with valid checksums, TCP's
// sequence and acknowledgement numbers follow the bytes sent, and the socket calls are comments.
import { describe, expect, it } from 'vitest';
import { internetChecksum } from '../../web/net/checksum.js';
import { encapsulate, pseudoHeader } from '../../web/net/headers.js';
import type { ArrowRow } from '../../web/flow/types.js';
import { decodePacket, type DecodedPacket } from '../../web/pcap/decode.js';
import { exportPcapng, MAX_SEGMENT } from '../../web/pcap/export.js';
import { readCapture } from '../../web/pcap/reader.js';
import { A, b64, Script } from '../web/flow/script.js';
import { CLIENT_TCP, CLIENT_UDP, EPOCH_MS, exportInput, lesson0, lesson4, lesson9, SERVER } from './fixtures.js';

function readBack(bytes: Uint8Array): { raw: Uint8Array[]; packets: DecodedPacket[] } {
  const read = readCapture(bytes);
  expect(read.problem).toBeUndefined();
  const packets = read.packets.map((p) => {
    const d = decodePacket(p);
    if (!d.ok) throw new Error(`frame ${p.frame}: ${d.skipped.what}`);
    return d.packet;
  });
  return { raw: read.packets.map((p) => p.data), packets };
}

/** The IPv4 header and the transport checksum over its pseudo-header both sum to zero. */
function expectChecksumsValid(ip: Uint8Array): void {
  expect(internetChecksum(ip.subarray(0, 20))).toBe(0);
  const src = [...ip.subarray(12, 16)].join('.');
  const dst = [...ip.subarray(16, 20)].join('.');
  const segment = ip.subarray(20);
  expect(internetChecksum(pseudoHeader(src, dst, ip[9]!, segment.length), segment)).toBe(0);
}

const flags = (p: DecodedPacket) =>
  Object.entries(p.tcp!.flags)
    .filter(([, on]) => on)
    .map(([f]) => f.toUpperCase())
    .join(',');

describe('export to pcapng', () => {
  it("saves lesson 0's datagram and its reply with their addresses, lengths, payload and time", () => {
    const result = exportPcapng(exportInput(lesson0()));
    expect(result).toMatchObject({ packets: 2, skipped: 0 });
    const { raw, packets } = readBack(result.bytes);
    expect(packets.map((p) => [p.proto, p.src.port, p.dst.port, p.length, new TextDecoder().decode(p.payload)])).toEqual([
      ['udp', CLIENT_UDP.port, SERVER.port, 11, 'hello world'],
      ['udp', SERVER.port, CLIENT_UDP.port, 11, 'HELLO WORLD'],
    ]);
    raw.forEach(expectChecksumsValid);
    expect(packets[0]!.timeUs).toBeGreaterThanOrEqual(EPOCH_MS * 1000);
    expect(packets[1]!.timeUs).toBeGreaterThan(packets[0]!.timeUs);
  });

  it("writes the same IPv4 and UDP headers as lesson 1's explorer and the inspector show", () => {
    const { raw } = readBack(exportPcapng(exportInput(lesson0())).bytes);
    const [ipHeader, udp] = encapsulate({
      proto: 'udp',
      src: '127.0.0.1',
      dst: '127.0.0.1',
      srcPort: CLIENT_UDP.port,
      dstPort: SERVER.port,
      payload: new TextEncoder().encode('hello world'),
    });
    expect([...raw[0]!.subarray(0, 20)]).toEqual([...ipHeader!.bytes]);
    expect([...raw[0]!.subarray(20, 28)]).toEqual([...udp!.bytes]);
  });

  it("saves lesson 4's handshake, data both ways and both FINs with consistent sequence numbers", () => {
    const { raw, packets } = readBack(exportPcapng(exportInput(lesson4('hello tcp'))).bytes);
    raw.forEach(expectChecksumsValid);
    expect(packets.map(flags)).toEqual(['SYN', 'ACK,SYN', 'ACK', 'ACK,PSH', 'ACK,PSH', 'ACK,FIN', 'ACK,FIN']);
    const [syn, synAck, ack, data, reply, fin, finBack] = packets as [DecodedPacket, ...DecodedPacket[]];
    const c = syn.tcp!.seq;
    const s = synAck!.tcp!.seq;
    expect(synAck!.tcp!.ack).toBe((c + 1) >>> 0);
    expect([ack!.tcp!.seq, ack!.tcp!.ack]).toEqual([(c + 1) >>> 0, (s + 1) >>> 0]);
    expect([data!.tcp!.seq, data!.tcp!.ack, data!.length]).toEqual([(c + 1) >>> 0, (s + 1) >>> 0, 9]);
    expect([reply!.tcp!.seq, reply!.tcp!.ack]).toEqual([(s + 1) >>> 0, (c + 10) >>> 0]);
    expect([fin!.tcp!.seq, fin!.tcp!.ack]).toEqual([(c + 10) >>> 0, (s + 10) >>> 0]);
    expect([finBack!.tcp!.seq, finBack!.tcp!.ack]).toEqual([(s + 10) >>> 0, (c + 11) >>> 0]);
    expect(packets.every((p) => p.tcp!.window > 0)).toBe(true);
  });

  it('writes the socket calls as packet comments and marks what is reconstructed in the section header', () => {
    const bytes = exportPcapng(exportInput(lesson4())).bytes;
    const all = new TextDecoder().decode(bytes);
    expect(all).toContain('sent by the operating system, for connect() on tcp-client-1');
    expect(all).toContain('accept() → new connection socket lab:tcp-upper#1');
    expect(all).toContain('send() from tcp-client-1');
    expect(all).toContain('read by recv() on lab:tcp-upper#1');
    expect(all).toContain('Reconstructed, not captured');
  });

  it('saves a TCP piece the relay lost twice: the lost copy, then TCP sending the same bytes again', () => {
    const { packets } = readBack(exportPcapng(exportInput(lesson9())).bytes);
    const upstream = packets.filter((p) => p.proto === 'tcp' && p.dst.port === 12001 && p.length > 0);
    expect(upstream.map((p) => new TextDecoder().decode(p.payload))).toEqual(['abcd', 'abcd', 'efgh']);
    expect(upstream[0]!.tcp!.seq).toBe(upstream[1]!.tcp!.seq);
    expect(upstream[2]!.tcp!.seq).toBe((upstream[1]!.tcp!.seq + 4) >>> 0);
    expect(upstream[1]!.timeUs - upstream[0]!.timeUs).toBe(300_000);
  });

  it('cuts a send() bigger than one segment into segments with consecutive sequence numbers', () => {
    const big = 'x'.repeat(MAX_SEGMENT + 1000);
    const { raw, packets } = readBack(exportPcapng(exportInput(lesson4(big))).bytes);
    const data = packets.filter((p) => p.length > 0 && p.src.port === CLIENT_TCP.port);
    expect(data.map((p) => p.length)).toEqual([MAX_SEGMENT, 1000]);
    expect(data[1]!.tcp!.seq).toBe((data[0]!.tcp!.seq + MAX_SEGMENT) >>> 0);
    expect(raw.every((ip) => ip.length <= 65535)).toBe(true);
    raw.forEach(expectChecksumsValid);
    const reply = packets.find((p) => p.length > 0 && p.src.port === SERVER.port)!;
    expect(reply.tcp!.ack).toBe((data[1]!.tcp!.seq + 1000) >>> 0);
  });

  it('uses an IPv6 interface for IPv6 traffic', () => {
    const v6 = (port: number) => A(port, '::1');
    const me = { ...v6(50000), family: 'IPv6' as const };
    const server = { ...v6(12000), family: 'IPv6' as const };
    const s = new Script()
      .hello()
      .add({ type: 'udp.bound', sock: 'u', local: me, bufsize: 2048 }, { type: 'udp.sent', sock: 'u', from: me, to: server, size: 2, data: b64('hi') });
    const read = readCapture(exportPcapng(exportInput(s)).bytes);
    expect(read.packets.map((p) => p.linkType)).toEqual([229]);
    const d = decodePacket(read.packets[0]!);
    expect(d.ok && [d.packet.src.address, d.packet.dst.port, d.packet.length]).toEqual(['::1', 12000, 2]);
  });

  it('leaves out an arrow whose address is unknown (a refused SYN), and says how many', () => {
    const s = new Script()
      .hello()
      .add({ type: 'tcp.connecting', sock: 'c', remote: A(1) }, { type: 'socket.error', sock: 'c', code: 'ECONNREFUSED', message: 'refused', call: 'connect' });
    expect(exportPcapng(exportInput(s))).toMatchObject({ packets: 0, skipped: 2 });
  });

  it("saves only the selected arrow's conversation when one is selected", () => {
    const s = lesson4()
      .add({ type: 'udp.bound', sock: 'udp-client-1', local: CLIENT_UDP, bufsize: 2048 })
      .udpExchange('udp-client-1', CLIENT_UDP.port, 'hello world');
    const input = exportInput(s);
    const data = input.view.rows.find((r) => r.kind === 'arrow' && r.arrow === 'data') as ArrowRow;
    const { packets } = readBack(exportPcapng({ ...input, only: data }).bytes);
    expect(packets.map((p) => p.proto)).toEqual(Array(7).fill('tcp'));
    const datagram = input.view.rows.find((r) => r.kind === 'arrow' && r.arrow === 'datagram') as ArrowRow;
    expect(readBack(exportPcapng({ ...input, only: datagram }).bytes).packets.map((p) => p.proto)).toEqual(['udp', 'udp']);
  });

  it('gives the same bytes for the same flow', () => {
    expect(exportPcapng(exportInput(lesson4())).bytes).toEqual(exportPcapng(exportInput(lesson4())).bytes);
  });
});
