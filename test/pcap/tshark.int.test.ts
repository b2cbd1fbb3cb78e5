// Wireshark's own reader on the lab's export: Debian's tshark reads every packet with the right
// addresses, ports, lengths, flags and payload, finds every checksum good, and raises no warning
// or error in its expert info (a retransmission is a note, which lesson 9's export should raise).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPcapng } from '../../web/pcap/export.js';
import type { Script } from '../web/flow/script.js';
import { exportInput, lesson0, lesson4, lesson9 } from './fixtures.js';
import { HAS_TSHARK } from './tools.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'socket-lab-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHECKS = ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'];

async function save(name: string, script: Script): Promise<string> {
  const file = join(dir, `${name}.pcapng`);
  writeFileSync(file, exportPcapng(exportInput(script)).bytes);
  return file;
}

/** One line per packet, fields separated by "|". */
async function fields(file: string, names: string[]): Promise<string[][]> {
  const { stdout } = await run('tshark', ['-r', file, ...CHECKS, '-T', 'fields', '-E', 'separator=|', ...names.flatMap((n) => ['-e', n])], { encoding: 'utf8' });
  return stdout
    .trim()
    .split('\n')
    .map((l) => l.split('|'));
}

/** tshark's expert info at warning level and above (malformed packets are errors). */
async function expertWarnings(file: string): Promise<string> {
  const { stdout } = await run('tshark', ['-r', file, ...CHECKS, '-q', '-z', 'expert,warn'], { encoding: 'utf8' });
  return stdout;
}

const hex = (s: string) => Buffer.from(s).toString('hex');

describe.skipIf(!HAS_TSHARK)('tshark reads the export', () => {
  it("lesson 0: the datagram and its reply, with good checksums and nothing to warn about", async () => {
    const file = await save('lesson0', lesson0());
    const rows = await fields(file, ['ip.src', 'ip.dst', 'udp.srcport', 'udp.dstport', 'udp.length', 'udp.payload', 'ip.checksum.status', 'udp.checksum.status']);
    expect(rows).toEqual([
      ['127.0.0.1', '127.0.0.1', '50123', '12000', '19', hex('hello world'), '1', '1'],
      ['127.0.0.1', '127.0.0.1', '12000', '50123', '19', hex('HELLO WORLD'), '1', '1'],
    ]);
    const expert = await expertWarnings(file);
    expect(expert).not.toMatch(/Errors \(|Warns \(|Malformed/);
    const { stdout } = await run('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8' });
    expect(stdout).toContain('sendto() from udp-client-1');
  });

  it('lesson 4: handshake, data both ways, FIN both ways; sequence numbers tshark agrees with', async () => {
    const file = await save('lesson4', lesson4('hello tcp'));
    const rows = await fields(file, ['tcp.srcport', 'tcp.dstport', 'tcp.flags', 'tcp.len', 'tcp.seq', 'tcp.ack', 'tcp.payload', 'ip.checksum.status', 'tcp.checksum.status']);
    expect(rows).toEqual([
      ['50124', '12000', '0x0002', '0', '0', '0', '', '1', '1'],
      ['12000', '50124', '0x0012', '0', '0', '1', '', '1', '1'],
      ['50124', '12000', '0x0010', '0', '1', '1', '', '1', '1'],
      ['50124', '12000', '0x0018', '9', '1', '1', hex('hello tcp'), '1', '1'],
      ['12000', '50124', '0x0018', '9', '1', '10', hex('HELLO TCP'), '1', '1'],
      ['50124', '12000', '0x0011', '0', '10', '10', '', '1', '1'],
      ['12000', '50124', '0x0011', '0', '10', '11', '', '1', '1'],
    ]);
    expect(await expertWarnings(file)).not.toMatch(/Errors \(|Warns \(|Malformed/);
  });

  it('lesson 9: the relay lost a piece; tshark sees TCP retransmit it, and nothing else wrong', async () => {
    const file = await save('lesson9', lesson9());
    const rows = await fields(file, ['tcp.dstport', 'tcp.len', 'tcp.seq', 'tcp.payload', 'tcp.analysis.retransmission', 'tcp.checksum.status']);
    const upstream = rows.filter((r) => r[0] === '12001' && r[1] !== '0');
    expect(upstream.map((r) => [r[2], Buffer.from(r[3]!, 'hex').toString(), r[4] !== '', r[5]])).toEqual([
      ['1', 'abcd', false, '1'],
      ['1', 'abcd', true, '1'],
      ['5', 'efgh', false, '1'],
    ]);
    expect(await expertWarnings(file)).not.toMatch(/Errors \(|Warns \(|Malformed/);
  });
});
