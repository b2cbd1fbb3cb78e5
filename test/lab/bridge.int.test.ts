// The course's servers inside the real bridge process: registered, started, and heard by a page.
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { decodeText } from '../../protocol/client.js';
import { encodeFrame } from '../../protocol/framing.js';
import type { LabClient } from '../../protocol/client.js';
import { startBridgeProcess, type RunningBridge } from '../support/bridge-process.js';

const COURSE_SERVERS = ['echo-udp', 'echo-tcp', 'echo-iterative', 'echo-concurrent', 'framed-echo', 'game', 'http-api', 'pinger'];

let bridge: RunningBridge;
let page: LabClient;
const onTeardown = teardownStack();
beforeAll(async () => {
  const flags = ['udp-upper', 'tcp-upper', ...COURSE_SERVERS].flatMap((name) => ['--server', `${name}=0`]);
  bridge = await startBridgeProcess(flags);
  onTeardown(() => bridge.stop());
  page = await bridge.connect();
  onTeardown(() => page.close());
});

describe('the course servers in the bridge', () => {
  it('are all listed as running in hello, each with its lab socket id', () => {
    for (const name of COURSE_SERVERS) {
      expect(page.hello!.servers).toContainEqual(expect.objectContaining({ name, state: 'running', sock: `lab:${name}`, port: bridge.servers[name] }));
    }
  });

  it("show the page both ends of a framed exchange: its own recv() and the server's", async () => {
    await page.tcpConnect('fe', '127.0.0.1', bridge.servers['framed-echo']!);
    const serverGot = page.next('tcp.received', (e) => e.sock === 'lab:framed-echo#1');
    const pageGot = page.next('tcp.received', (e) => e.sock === 'fe');
    await page.tcpSend('fe', encodeFrame('over the bridge'));
    expect(decodeText((await serverGot).data)).toBe('15 over the bridge');
    expect(decodeText((await pageGot).data)).toBe('15 OVER THE BRIDGE');
    await page.closeSocket('fe');
  });
});
