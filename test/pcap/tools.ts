// Debian's tshark and tcpdump, which the capture tests run (.ci/run installs them when missing).
import { spawnSync } from 'node:child_process';

const has = (cmd: string, arg: string) => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;

export const HAS_TSHARK = has('tshark', '--version');
export const HAS_TCPDUMP = has('tcpdump', '--version');
if (!HAS_TSHARK) console.warn('tshark is not installed (apt-get install tshark): the tests that read exports with it are skipped');
if (!HAS_TCPDUMP) console.warn('tcpdump is not installed (apt-get install tcpdump): the capture test is skipped');
