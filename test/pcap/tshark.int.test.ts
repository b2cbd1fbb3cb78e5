// Wireshark's own reader on the lab's export: Debian's tshark reads every packet with the right
// addresses, ports, lengths, flags and payload, finds every checksum good, and raises no warning
// or error in its expert info (a retransmission is a note, which lesson 9's export should raise).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPcapng } from '../../web/pcap/export.js';
import type { Script } from '../web/flow/script.js';
import { exportInput, lesson0, lesson4, lesson9, V6_CLIENT, V6_SERVER } from './fixtures.js';
import { HAS_TSHARK } from './tools.js';
import { tsharkComments, tsharkFields, tsharkWarnings } from './tshark.js';

const dir = mkdtempSync(join(tmpdir(), 'socket-lab-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, script: Script): string {
  const file = join(dir, `${name}.pcapng`);
  writeFileSync(file, exportPcapng(exportInput(script)).bytes);
  return file;
}

const hex = (s: string) => Buffer.from(s).toString('hex');

describe.skipIf(!HAS_TSHARK)('tshark reads the export', () => {
  it('lesson 0: the datagram and its reply, with good checksums and nothing to warn about', async () => {
    const file = save('lesson0', lesson0());
    const rows = await tsharkFields(file, [
      'ip.src',
      'ip.dst',
      'udp.srcport',
      'udp.dstport',
      'udp.length',
      'udp.payload',
      'ip.checksum.status',
      'udp.checksum.status',
    ]);
    expect(rows).toEqual([
      ['127.0.0.1', '127.0.0.1', '50123', '12000', '19', hex('hello world'), '1', '1'],
      ['127.0.0.1', '127.0.0.1', '12000', '50123', '19', hex('HELLO WORLD'), '1', '1'],
    ]);
    expect(await tsharkWarnings(file)).toBe('');
    expect(await tsharkComments(file)).toContain('sendto() from udp-client-1');
  });

  it('lesson 4: handshake, data both ways, FIN both ways; sequence numbers tshark agrees with', async () => {
    const file = save('lesson4', lesson4('hello tcp'));
    const rows = await tsharkFields(file, [
      'tcp.srcport',
      'tcp.dstport',
      'tcp.flags',
      'tcp.len',
      'tcp.seq',
      'tcp.ack',
      'tcp.payload',
      'ip.checksum.status',
      'tcp.checksum.status',
    ]);
    expect(rows).toEqual([
      ['50124', '12000', '0x0002', '0', '0', '0', '', '1', '1'],
      ['12000', '50124', '0x0012', '0', '0', '1', '', '1', '1'],
      ['50124', '12000', '0x0010', '0', '1', '1', '', '1', '1'],
      ['50124', '12000', '0x0018', '9', '1', '1', hex('hello tcp'), '1', '1'],
      ['12000', '50124', '0x0018', '9', '1', '10', hex('HELLO TCP'), '1', '1'],
      ['50124', '12000', '0x0011', '0', '10', '10', '', '1', '1'],
      ['12000', '50124', '0x0011', '0', '10', '11', '', '1', '1'],
    ]);
    expect(await tsharkWarnings(file)).toBe('');
  });

  it('an IPv6 connection: an IPv6 interface, good checksums, no warning', async () => {
    const file = save('lesson4-v6', lesson4('hello v6', V6_CLIENT, V6_SERVER));
    const rows = await tsharkFields(file, ['ipv6.src', 'tcp.flags', 'tcp.len', 'tcp.checksum.status']);
    expect(rows.map((r) => r.join(' '))).toEqual([
      '::1 0x0002 0 1',
      '::1 0x0012 0 1',
      '::1 0x0010 0 1',
      '::1 0x0018 8 1',
      '::1 0x0018 8 1',
      '::1 0x0011 0 1',
      '::1 0x0011 0 1',
    ]);
    expect(await tsharkWarnings(file)).toBe('');
  });

  it('lesson 9: the relay lost a piece; tshark sees TCP retransmit it, and nothing else wrong', async () => {
    const file = save('lesson9', lesson9());
    const rows = await tsharkFields(file, ['tcp.dstport', 'tcp.len', 'tcp.seq', 'tcp.payload', 'tcp.analysis.retransmission', 'tcp.checksum.status']);
    const upstream = rows.filter((r) => r[0] === '12001' && r[1] !== '0');
    expect(upstream.map((r) => [r[2], Buffer.from(r[3]!, 'hex').toString(), r[4] !== '', r[5]])).toEqual([
      ['1', 'abcd', false, '1'],
      ['1', 'abcd', true, '1'],
      ['5', 'efgh', false, '1'],
    ]);
    expect(await tsharkWarnings(file)).toBe('');
  });
});
