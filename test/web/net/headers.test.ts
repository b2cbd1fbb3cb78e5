import { describe, expect, it } from 'vitest';
import { encapsulate, flagNames, ipv4Header, ipv6Header, tcpHeader, udpHeader, type Header } from '../../../web/net/headers.js';
import { ipv6Bytes } from '../../../web/net/ip-address.js';

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const field = (h: Header, id: string) => h.fields.find((f) => f.id === id)!;
const text = (s: string) => new TextEncoder().encode(s);

// A datagram captured on Linux loopback with an AF_PACKET socket: "hello world" from
// 127.0.0.1:59208 to 127.0.0.1:51904. The kernel wrote the IP header, checksum included.
const CAPTURED_IP = '4500002716e44000401125e07f0000017f000001';
const CAPTURED_UDP_HEADER_PORTS = 'e748cac00013';

describe('ipv4Header', () => {
  it('reproduces a header the Linux kernel wrote, byte for byte, given its identification', () => {
    const h = ipv4Header('127.0.0.1', '127.0.0.1', 17, 8 + 11, { identification: 0x16e4, dontFragment: true, ttl: 64 });
    expect(toHex(h.bytes)).toBe(CAPTURED_IP);
    expect(field(h, 'checksum').value).toBe(0x25e0);
    expect(field(h, 'checksum').reconstructed).toBe(false);
  });

  it('gives the classic example header its documented checksum 0xb861', () => {
    const h = ipv4Header('192.168.0.1', '192.168.0.199', 17, 0x73 - 20, { identification: 0, dontFragment: true, ttl: 64 });
    expect(field(h, 'checksum').display).toBe('0xb861');
  });

  it('marks identification, DF, TTL and so the checksum as reconstructed when not given', () => {
    const h = ipv4Header('127.0.0.1', '127.0.0.1', 17, 19);
    for (const id of ['identification', 'dontFragment', 'ttl', 'checksum']) expect(field(h, id).reconstructed, id).toBe(true);
    for (const id of ['version', 'ihl', 'totalLength', 'protocol', 'source', 'destination', 'fragmentOffset'])
      expect(field(h, id).reconstructed, id).toBe(false);
    expect(field(h, 'identification').display).toBe('?');
    expect(field(h, 'totalLength').value).toBe(39);
    expect(field(h, 'protocol').display).toBe('17 (UDP)');
  });

  it('lays the fields out over exactly 160 bits, each after the previous', () => {
    const h = ipv4Header('10.0.0.1', '10.0.0.2', 6, 0);
    let bit = 0;
    for (const f of h.fields) {
      expect(f.bitOffset, f.id).toBe(bit);
      bit += f.bits;
    }
    expect(bit).toBe(160);
  });
});

// The comparison with a checksum written in Python spawns python3: headers-python.int.test.ts.
describe('udpHeader', () => {
  it('computes the checksum of the captured datagram as the receiving host would verify it', () => {
    const h = udpHeader({ src: '127.0.0.1', dst: '127.0.0.1', srcPort: 59208, dstPort: 51904, payload: text('hello world') });
    expect(toHex(h.bytes).slice(0, 12)).toBe(CAPTURED_UDP_HEADER_PORTS);
    expect(field(h, 'length').value).toBe(19);
    expect(field(h, 'checksum').value).toBe(0xbded);
  });

  it('leaves the checksum unknown when the lab saw only the start of the payload', () => {
    const h = udpHeader({ src: '127.0.0.1', dst: '127.0.0.1', srcPort: 1, dstPort: 2, payload: text('abc'), length: 3000 });
    expect(field(h, 'length').value).toBe(3008);
    expect(field(h, 'checksum').value).toBeNull();
    expect(field(h, 'checksum').reconstructed).toBe(true);
  });
});

describe('tcpHeader', () => {
  it('knows ports and flags, and marks sequence numbers, window and options as reconstructed', () => {
    const h = tcpHeader({ srcPort: 40000, dstPort: 12000, flags: { syn: true, ack: true } });
    expect(field(h, 'sourcePort').value).toBe(40000);
    expect(field(h, 'syn').value).toBe(1);
    expect(field(h, 'ack').value).toBe(1);
    expect(field(h, 'fin').value).toBe(0);
    expect(field(h, 'sequenceNumber').reconstructed).toBe(true);
    expect(field(h, 'ackNumber').reconstructed).toBe(true);
    expect(field(h, 'window').reconstructed).toBe(true);
    expect(h.bytes.length).toBe(40); // as Linux sends a SYN: 20 bytes + 20 of options
    expect(h.bytes[13]).toBe(0x12); // the flags byte of a SYN-ACK
  });

  it('has a 32-byte header on data segments, as Linux sends them with timestamps', () => {
    const h = tcpHeader({ srcPort: 1, dstPort: 2, flags: { ack: true, psh: true } });
    expect(h.bytes.length).toBe(32);
    expect(field(h, 'dataOffset').value).toBe(8);
    expect(flagNames({ ack: true, psh: true })).toBe('ACK, PSH');
  });

  it('puts a zero acknowledgment number on a SYN, which carries no ACK', () => {
    const h = tcpHeader({ srcPort: 1, dstPort: 2, flags: { syn: true } });
    expect(field(h, 'ackNumber').value).toBe(0);
    expect(field(h, 'ackNumber').reconstructed).toBe(false);
  });
});

describe('encapsulate', () => {
  it('wraps a UDP datagram in an IPv4 header whose total length counts both headers', () => {
    const [ip, udp] = encapsulate({ proto: 'udp', src: '127.0.0.1', dst: '127.0.0.1', srcPort: 5, dstPort: 6, payload: text('héllo') });
    expect(ip!.layer).toBe('ipv4');
    expect(field(ip!, 'totalLength').value).toBe(20 + 8 + 6);
    expect(field(udp!, 'length').value).toBe(14);
  });

  it('uses an IPv6 header for IPv6 addresses', () => {
    const [ip] = encapsulate({ proto: 'tcp', src: '::1', dst: '::1', srcPort: 5, dstPort: 6, flags: { ack: true }, payloadLength: 10 });
    expect(ip!.layer).toBe('ipv6');
    expect(field(ip!, 'payloadLength').value).toBe(32 + 10);
    expect(field(ip!, 'nextHeader').value).toBe(6);
    expect(ipv6Header('::1', '::1', 17, 0).bytes.length).toBe(40);
  });

  it('parses IPv6 literals with "::" and an IPv4 tail', () => {
    expect(toHex(ipv6Bytes('::1'))).toBe('00000000000000000000000000000001');
    expect(toHex(ipv6Bytes('::ffff:127.0.0.1'))).toBe('00000000000000000000ffff7f000001');
    expect(() => ipv6Bytes('1::2::3')).toThrow();
  });
});
