// The fifth fence of docs/security.md, the destination policy, tested through the running bridge:
// default deny (loopback only), IPv4-mapped and other never-allowed forms, low and blocked ports,
// loopback-only binds, and that a refused destination receives nothing at all.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { decodeText } from '../../protocol/client.js';
import { ROOT } from '../support/bridge-process.js';
import { eventually, rejection, sleep, startLab, type Lab, type Page } from './helpers/lab.js';
import { tcpPeer, udpPeer, type TcpPeer, type UdpPeer } from './helpers/peers.js';

let lab: Lab;
let page: Page;
let udp: UdpPeer;
let tcp: TcpPeer;

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  page = await lab.page();
  await page.client.udpOpen('u');
  udp = await udpPeer();
  onTeardown(() => udp.close());
  tcp = await tcpPeer();
  onTeardown(() => tcp.close());
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

const send = (host: string, port: number) => page.client.udpSend('u', host, port, 'must not arrive');
let n = 0;
const connect = (host: string, port: number) => page.client.tcpConnect(`c${++n}`, host, port);

describe('loopback is reachable', () => {
  it('allows 127.0.0.1 and the lab ports on it', async () => {
    const reply = page.client.next('udp.received', (e) => e.sock === 'u');
    await page.client.udpSend('u', '127.0.0.1', lab.bridge.servers['udp-upper']!, 'allowed');
    expect(decodeText((await reply).data)).toBe('ALLOWED');
    await connect('127.0.0.1', tcp.port);
    await eventually(() => tcp.connections.length === 1, 3000, 'the peer accepted');
  });
});

describe('forms of this machine that are still refused, and nothing reaches the listener', () => {
  it.each([
    ['an IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['an IPv4-mapped loopback in hex', '::ffff:7f00:1'],
    ['a bracketed IPv4-mapped loopback', '[::ffff:127.0.0.1]'],
    ['an IPv4-compatible loopback', '::127.0.0.1'],
    ['the unspecified address (reaches this host on Linux)', '0.0.0.0'],
    ['the IPv6 unspecified address', '::'],
    ['the broadcast address', '255.255.255.255'],
    ['a multicast group', '224.0.0.1'],
    ['a name that is not a host name', 'evil example'],
  ])('refuses %s with LAB_DESTINATION_DENIED', async (_what, host) => {
    const before = { udp: udp.received.length, tcp: tcp.connections.length };
    expect((await rejection(send(host, udp.port))).code).toBe('LAB_DESTINATION_DENIED');
    expect((await rejection(connect(host, tcp.port))).code).toBe('LAB_DESTINATION_DENIED');
    await sleep(50);
    expect(udp.received.length).toBe(before.udp);
    expect(tcp.connections.length).toBe(before.tcp);
    expect(page.client.history.some((e) => e.type === 'tcp.connecting' && e.sock === `c${n}`)).toBe(false);
  });
});

describe('ports', () => {
  it.each([
    ['a well-known port', 22],
    ['port 80', 80],
    ['port 0', 0],
    ['a port browsers block (X11)', 6000],
    ['a port browsers block (SIP)', 5060],
  ])('refuses %s with LAB_PORT_DENIED', async (_what, port) => {
    expect((await rejection(send('127.0.0.1', port))).code).toBe('LAB_PORT_DENIED');
    expect((await rejection(connect('127.0.0.1', port))).code).toBe('LAB_PORT_DENIED');
  });
});

describe('binding', () => {
  it.each([
    ['every interface', '0.0.0.0', 0],
    ['the IPv6 wildcard', '::', 0],
    ['an IPv4-mapped loopback', '::ffff:127.0.0.1', 0],
    ['a port below 1024', '127.0.0.1', 80],
  ])('refuses to bind %s with LAB_BIND_DENIED', async (_what, host, port) => {
    expect((await rejection(page.client.udpOpen(`b${++n}`, { host, port }))).code).toBe('LAB_BIND_DENIED');
    expect((await rejection(page.client.tcpListen(`b${++n}`, port, { host }))).code).toBe('LAB_BIND_DENIED');
  });

  it('binds ::1 when asked, and reaches ::1 from it', async () => {
    const bound = await page.client.udpOpen('v6', { host: '::1' });
    expect(bound.local).toMatchObject({ address: '::1', family: 'IPv6' });
    await page.client.udpOpen('v6b', { host: '::1' });
    const got = page.client.next('udp.received', (e) => e.sock === 'v6');
    await page.client.udpSend('v6b', '::1', bound.local.port, 'over ipv6');
    expect(decodeText((await got).data)).toBe('over ipv6');
  });
});

// 10.0.0.1 and 169.254.169.254 are never targets from this machine: the test makes them exist
// inside a network namespace of its own, where nothing can leave the machine.
const canIsolate = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up']).status === 0;
if (!canIsolate) console.warn('unshare -n is not available (needs root): the private-range destination tests are skipped');

/** How long the isolated fixture may run (it starts two bridges in turn). */
const ISOLATED_MS = 30_000;

/** What test/bridge/fixtures/isolated-destinations.ts prints: each probe's outcomes, and what arrived. */
interface IsolatedReport {
  denied: ProbeReport;
  allowed: ProbeReport;
  arrivedWhileDenied: string[];
  arrivedWhenAllowed: string[];
}
type ProbeReport = { results: Record<string, string>; connecting: number };

describe.skipIf(!canIsolate)('private and link-local ranges (in a network namespace of the test)', () => {
  // two bridges start and stop in the namespace, one after the other: the fixture gets its own 30 s
  // (the exec's limit), and the test that much plus the stage's usual 20 s, not the 20 s alone
  it(
    'refuses 10.0.0.1:22, 169.254.169.254 and their IPv4-mapped forms, and nothing arrives; --allow opens 10/8 only',
    { timeout: ISOLATED_MS + 20_000 },
    async () => {
      const script =
        'ip link set lo up && ip addr add 10.0.0.1/32 dev lo && ip addr add 169.254.169.254/32 dev lo && exec "$0" --import tsx test/bridge/fixtures/isolated-destinations.ts';
      const { stdout } = await promisify(execFile)('unshare', ['-n', 'sh', '-c', script, process.execPath], { cwd: ROOT, timeout: ISOLATED_MS });
      const report = JSON.parse(stdout.trim().split('\n').pop()!) as IsolatedReport;
      for (const [what, code] of Object.entries(report.denied.results)) expect(code, what).toBe('LAB_DESTINATION_DENIED');
      expect(Object.keys(report.denied.results)).toEqual(expect.arrayContaining(['tcp 10.0.0.1:22', 'udp ::ffff:169.254.169.254:12000']));
      expect(report.denied.connecting).toBe(0);
      expect(report.arrivedWhileDenied).toEqual([]);
      // the control shows the listeners would have heard a bridge that let the packets through
      expect(report.allowed.results).toEqual({
        'udp 10.0.0.1:12000': 'allowed',
        'tcp 10.0.0.1:12000': 'allowed',
        'udp 169.254.169.254:12000': 'LAB_DESTINATION_DENIED',
        'tcp 169.254.169.254:12000': 'LAB_DESTINATION_DENIED',
      });
      expect(report.arrivedWhenAllowed.sort()).toEqual(['tcp 10.0.0.1:12000', 'udp 10.0.0.1:12000']);
    },
  );
});
