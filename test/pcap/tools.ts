// Debian's tshark and tcpdump, which the capture tests run (.ci/run installs them when missing).
// tcpdump needs root (or CAP_NET_RAW) to capture the loopback.
import { spawnSync } from 'node:child_process';

const has = (cmd: string, arg: string) => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;

export const HAS_TSHARK = has('tshark', '--version');
export const HAS_TCPDUMP = has('tcpdump', '--version') && spawnSync('tcpdump', ['-D'], { stdio: 'ignore' }).status === 0 && process.getuid?.() === 0;
if (!HAS_TSHARK) console.warn('tshark is not installed (apt-get install tshark): the tests that read exports with it are skipped');
if (!HAS_TCPDUMP) console.warn('tcpdump is not installed or cannot capture here (it needs root): the capture test is skipped');
