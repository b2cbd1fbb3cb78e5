// Runs Debian's tshark on a capture file, with every checksum check on.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CHECKS = ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'];

/** One line per packet, fields separated by "|". */
export async function tsharkFields(file: string, names: string[]): Promise<string[][]> {
  const { stdout } = await run('tshark', ['-r', file, ...CHECKS, '-T', 'fields', '-E', 'separator=|', ...names.flatMap((n) => ['-e', n])], {
    encoding: 'utf8',
  });
  return stdout
    .trim()
    .split('\n')
    .map((l) => l.split('|'));
}

/** tshark's expert info at warning level and above (a malformed packet or a bad checksum is an
 * error); empty when there is none. */
export async function tsharkWarnings(file: string): Promise<string> {
  const { stdout } = await run('tshark', ['-r', file, ...CHECKS, '-q', '-z', 'expert,warn'], { encoding: 'utf8' });
  return /Errors \(|Warns \(|Malformed/.test(stdout) ? stdout : '';
}

export async function tsharkComments(file: string): Promise<string> {
  return (await run('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8' })).stdout;
}
