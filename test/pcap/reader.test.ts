// The capture reader and the frame decoder: both file formats in both byte orders, every link type
// a loopback or Ethernet capture uses, IPv4 and IPv6, and files that are not what they should be.
import { describe, expect, it } from 'vitest';
import { decodePacket, ipv6Text } from '../../web/pcap/decode.js';
import { LINKTYPE } from '../../web/pcap/packets.js';
import { readCapture } from '../../web/pcap/reader.js';
import { ARP_FRAME, bigEndianPcapng, frame, ip, pcap, randomBytes, V4, V6 } from './captures.js';

const T0 = 1_796_522_400_000_000;
const udp4 = ip({ proto: 'udp', src: V4(50000), dst: V4(12000), payload: 'hello' });
const tcp6 = ip({ proto: 'tcp', src: V6(50001), dst: V6(12000), payload: 'hi', tcp: { flags: { ack: true, psh: true }, seq: 1000, ack: 2000, window: 512 } });

/** What the decoder makes of every frame: "udp 127.0.0.1:50000>127.0.0.1:12000 5 'hello'". */
function summaries(bytes: Uint8Array): string[] {
  return readCapture(bytes).packets.map((p) => {
    const d = decodePacket(p);
    if (!d.ok) return `skipped ${d.skipped.what}`;
    const q = d.packet;
    return `${q.proto} ${q.src.address}:${q.src.port}>${q.dst.address}:${q.dst.port} ${q.length} '${new TextDecoder().decode(q.payload)}'`;
  });
}

const UDP4 = "udp 127.0.0.1:50000>127.0.0.1:12000 5 'hello'";
const TCP6 = "tcp ::1:50001>::1:12000 2 'hi'";

describe('capture reader', () => {
  const links = [
    ['NULL (BSD loopback, host byte order)', LINKTYPE.null],
    ['LOOP (OpenBSD loopback)', LINKTYPE.loop],
    ['ETHERNET', LINKTYPE.ethernet],
    ['LINUX_SLL (tcpdump -i any)', LINKTYPE.linuxSll],
    ['LINUX_SLL2', LINKTYPE.linuxSll2],
    ['RAW', LINKTYPE.raw],
    ['IPV4/IPV6', LINKTYPE.ipv4],
  ] as const;
  for (const [name, link] of links) {
    it(`reads IPv4 UDP and IPv6 TCP in a pcap of link type ${name}`, () => {
      const file = pcap(link, [
        { timeUs: T0, data: frame(link, udp4) },
        { timeUs: T0 + 1, data: frame(link, tcp6) },
      ]);
      expect(summaries(file)).toEqual([UDP4, TCP6]);
    });
  }

  it('reads a big-endian pcap with nanosecond timestamps', () => {
    const file = pcap(LINKTYPE.raw, [{ timeUs: T0 + 123_456, data: udp4 }], { little: false, nanos: true });
    const read = readCapture(file);
    expect(read.format).toBe('pcap');
    expect(read.packets[0]!.timeUs).toBe(T0 + 123_456);
    expect(summaries(file)).toEqual([UDP4]);
  });

  it('reads a big-endian pcapng with nanosecond resolution, skipping blocks it does not draw, and a Simple Packet Block', () => {
    const file = bigEndianPcapng(LINKTYPE.ethernet, [{ timeUs: T0 + 7, data: frame(LINKTYPE.ethernet, udp4) }]);
    const read = readCapture(file);
    expect(read).toMatchObject({ format: 'pcapng' });
    expect(read.problem).toBeUndefined();
    expect(read.packets.map((p) => [p.frame, p.timeUs])).toEqual([
      [1, T0 + 7],
      [2, 0],
    ]);
    expect(summaries(file)).toEqual([UDP4, UDP4]);
  });

  it('takes the TCP header apart: flags, sequence and acknowledgement numbers, window', () => {
    const d = decodePacket(readCapture(pcap(LINKTYPE.raw, [{ timeUs: T0, data: tcp6 }])).packets[0]!);
    expect(d.ok && d.packet.tcp).toMatchObject({ seq: 1000, ack: 2000, window: 512, flags: { ack: true, psh: true, syn: false, fin: false, rst: false } });
    expect(d.ok && d.packet.ip.ttl).toBe(64);
  });

  it('takes the payload length from the IP header, not from Ethernet padding, and keeps the real length of a cut packet', () => {
    const padded = new Uint8Array(60);
    padded.set(frame(LINKTYPE.ethernet, ip({ proto: 'udp', src: V4(1), dst: V4(2), payload: 'a' })));
    const cut = ip({ proto: 'udp', src: V4(1), dst: V4(2), payload: 'abcdefgh' });
    const file = pcap(LINKTYPE.ethernet, [
      { timeUs: T0, data: padded },
      { timeUs: T0, data: frame(LINKTYPE.ethernet, cut).subarray(0, 14 + 28 + 3), originalLength: 14 + cut.length },
    ]);
    expect(summaries(file)).toEqual(["udp 127.0.0.1:1>127.0.0.1:2 1 'a'", "udp 127.0.0.1:1>127.0.0.1:2 8 'abc'"]);
  });

  it('names what is not UDP or TCP over IP: an ARP capture, ICMP', () => {
    const icmp = ip({ proto: 'udp', src: V4(1), dst: V4(2), payload: 'x' });
    icmp[9] = 1; // protocol ICMP
    expect(
      summaries(
        pcap(LINKTYPE.ethernet, [
          { timeUs: T0, data: ARP_FRAME },
          { timeUs: T0, data: frame(LINKTYPE.ethernet, icmp) },
        ]),
      ),
    ).toEqual(['skipped ARP', 'skipped ICMP']);
  });

  it('says an empty file is empty', () => {
    expect(readCapture(new Uint8Array(0))).toEqual({ packets: [], problem: { code: 'empty' } });
  });

  it('says random bytes are not a capture', () => {
    expect(readCapture(randomBytes(4096))).toEqual({ packets: [], problem: { code: 'notCapture' } });
    expect(readCapture(new TextEncoder().encode('hello world, not a capture'))).toMatchObject({ problem: { code: 'notCapture' } });
  });

  it('reads the packets before a cut in the middle of one, and says where the file ends', () => {
    const whole = pcap(LINKTYPE.raw, [
      { timeUs: T0, data: udp4 },
      { timeUs: T0, data: tcp6 },
    ]);
    const cut = whole.subarray(0, whole.length - 10);
    const read = readCapture(cut);
    expect(read.packets).toHaveLength(1);
    expect(read.problem).toEqual({ code: 'truncated', at: 24 + 16 + udp4.length });
    const ng = bigEndianPcapng(LINKTYPE.raw, [{ timeUs: T0, data: udp4 }]);
    expect(readCapture(ng.subarray(0, ng.length - 6))).toMatchObject({ packets: [{ frame: 1 }], problem: { code: 'truncated' } });
  });

  it('stops at a damaged block without throwing, keeping what came before', () => {
    const ng = bigEndianPcapng(LINKTYPE.raw, [{ timeUs: T0, data: udp4 }]);
    const broken = ng.slice();
    const spbAt = ng.length - (12 + 4 + ((udp4.length + 3) & ~3));
    broken[spbAt + 7] = 0x13; // a length that is not a multiple of 4
    expect(readCapture(broken)).toMatchObject({ packets: [{ frame: 1 }], problem: { code: 'badBlock', at: spbAt } });
  });

  it('survives every prefix of a file and random bytes after a valid header', () => {
    const file = pcap(LINKTYPE.ethernet, [{ timeUs: T0, data: frame(LINKTYPE.ethernet, udp4) }]);
    for (let n = 0; n <= file.length; n++) expect(() => readCapture(file.subarray(0, n)).packets.forEach(decodePacket)).not.toThrow();
    for (let seed = 1; seed <= 50; seed++) {
      const junk = new Uint8Array(24 + 512);
      junk.set(file.subarray(0, 24));
      junk.set(randomBytes(512, seed), 24);
      expect(() => readCapture(junk).packets.forEach(decodePacket)).not.toThrow();
    }
  });

  it('writes IPv6 addresses in their shortest form', () => {
    expect(ipv6Text(Uint8Array.from([0xfe, 0x80, ...new Array<number>(13).fill(0), 1]))).toBe('fe80::1');
    expect(ipv6Text(new Uint8Array(16))).toBe('::');
    expect(ipv6Text(Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe('2001:db8:0:1::1');
  });
});
