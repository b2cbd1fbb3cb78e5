// The explorer's layout of a header: fields as a student reads them, their bits and bytes, and the
// classic diagram 32 bits wide.
import { describe, expect, it } from 'vitest';
import { ipv4Header, tcpHeader, udpHeader } from '../../../web/net/headers.js';
import { diagramRows, fieldBits, fieldBytes, shownFields, ROW_BITS } from '../../../web/explorer/layout.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const ip = ipv4Header('127.0.0.1', '127.0.0.1', 17, 8 + 9);
const fieldsOf = (h: ReturnType<typeof ipv4Header>) => shownFields(h);
const field = (h: ReturnType<typeof ipv4Header>, id: string) => fieldsOf(h).find((f) => f.id === id)!;

describe('shownFields', () => {
  it('lists the IPv4 fields of the classic diagram, flags as one, options last', () => {
    expect(fieldsOf(ip).map((f) => f.id)).toEqual([
      'version',
      'ihl',
      'tos',
      'totalLength',
      'identification',
      'flags',
      'fragmentOffset',
      'ttl',
      'protocol',
      'checksum',
      'source',
      'destination',
      'options',
    ]);
  });

  it("gives this datagram's values: protocol 17, total length 20 + UDP length, loopback addresses", () => {
    expect(field(ip, 'protocol').value).toBe(17);
    expect(field(ip, 'totalLength').value).toBe(37);
    expect(field(ip, 'source').value).toBe('127.0.0.1');
    expect(field(ip, 'options')).toMatchObject({ bits: 0, value: 'none' });
  });

  it('groups reserved, DF and MF into Flags with their value and names, keeping the three', () => {
    const flags = field(ip, 'flags');
    expect(flags).toMatchObject({ bitOffset: 48, bits: 3, value: 2, display: '010 (DF)', reconstructed: true });
    expect(flags.parts?.map((p) => p.id)).toEqual(['reserved', 'dontFragment', 'moreFragments']);
  });

  it('marks the values only the kernel knows as reconstructed', () => {
    const marked = fieldsOf(ip)
      .filter((f) => f.reconstructed)
      .map((f) => f.id);
    expect(marked).toEqual(['identification', 'flags', 'ttl', 'checksum']);
    expect(field(ip, 'identification').value).toBeNull();
  });

  it('groups the eight TCP flags: a data segment is ACK and PSH', () => {
    const tcp = shownFields(tcpHeader({ srcPort: 50000, dstPort: 12000, flags: { ack: true, psh: true } }));
    expect(tcp.find((f) => f.id === 'flags')).toMatchObject({ bits: 8, value: 0b00011000, display: '00011000 (ACK, PSH)' });
    expect(tcp.some((f) => f.id === 'syn')).toBe(false);
  });

  it('lists the UDP header as it is: ports, length, checksum', () => {
    const udp = shownFields(udpHeader({ src: '127.0.0.1', dst: '127.0.0.1', srcPort: 50000, dstPort: 12000, payload: utf8('안녕 hi') }));
    expect(udp.map((f) => [f.id, f.value])).toEqual([
      ['sourcePort', 50000],
      ['destinationPort', 12000],
      ['length', 17],
      ['checksum', expect.any(Number)],
    ]);
  });
});

describe('fieldBits', () => {
  it('writes short fields whole and longer ones in groups of four from the right', () => {
    expect(fieldBits(ip, field(ip, 'version'))).toBe('0100');
    expect(fieldBits(ip, field(ip, 'flags'))).toBe('010');
    expect(fieldBits(ip, field(ip, 'protocol'))).toBe('0001 0001');
    expect(fieldBits(ip, field(ip, 'fragmentOffset'))).toBe('0 0000 0000 0000');
    expect(fieldBits(ip, field(ip, 'source'))).toBe('0111 1111 0000 0000 0000 0000 0000 0001');
  });

  it('writes ? for every bit of an unknown value', () => {
    expect(fieldBits(ip, field(ip, 'identification'))).toBe('???? ???? ???? ????');
  });
});

describe('fieldBytes', () => {
  it('names the bytes a field touches, a byte shared by two fields in both', () => {
    expect(fieldBytes(field(ip, 'version'))).toEqual([0]);
    expect(fieldBytes(field(ip, 'ihl'))).toEqual([0]);
    expect(fieldBytes(field(ip, 'protocol'))).toEqual([9]);
    expect(fieldBytes(field(ip, 'flags'))).toEqual([6]);
    expect(fieldBytes(field(ip, 'fragmentOffset'))).toEqual([6, 7]);
    expect(fieldBytes(field(ip, 'destination'))).toEqual([16, 17, 18, 19]);
    expect(fieldBytes(field(ip, 'options'))).toEqual([]);
  });

  it('points at the bytes that hold the value: byte 9 is 0x11 = 17, byte 0 is 0x45', () => {
    expect(ip.bytes[fieldBytes(field(ip, 'protocol'))[0]!]).toBe(0x11);
    expect(ip.bytes[0]).toBe(0x45);
  });
});

describe('diagramRows', () => {
  it('lays IPv4 out as five rows of 32 bits, as in every textbook', () => {
    const rows = diagramRows(fieldsOf(ip), ip.bytes.length);
    expect(rows.map((r) => r.map((c) => `${c.field.id}@${c.col}+${c.span}`))).toEqual([
      ['version@0+4', 'ihl@4+4', 'tos@8+8', 'totalLength@16+16'],
      ['identification@0+16', 'flags@16+3', 'fragmentOffset@19+13'],
      ['ttl@0+8', 'protocol@8+8', 'checksum@16+16'],
      ['source@0+32'],
      ['destination@0+32'],
    ]);
  });

  it('fills every row exactly', () => {
    const tcp = tcpHeader({ srcPort: 1, dstPort: 2, flags: { syn: true } });
    for (const header of [ip, tcp]) {
      for (const row of diagramRows(shownFields(header), header.bytes.length)) expect(row.reduce((n, c) => n + c.span, 0)).toBe(ROW_BITS);
    }
  });

  it('continues a field longer than a row in the next rows, naming it once', () => {
    const tcp = tcpHeader({ srcPort: 1, dstPort: 2, flags: { ack: true } });
    const rows = diagramRows(shownFields(tcp), tcp.bytes.length);
    expect(rows).toHaveLength(8);
    const options = rows.flat().filter((c) => c.field.id === 'options');
    expect(options.map((c) => c.first)).toEqual([true, false, false]);
  });
});
