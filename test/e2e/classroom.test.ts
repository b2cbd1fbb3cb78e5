// A class in a real browser: the lab runs in a network namespace this test creates, with
// --classroom on the namespace's own address; chromium runs in the same namespace, so it reaches
// the room on loopback and the class on the classroom address. A student joins (a wrong code
// first), lands in lesson 0 connected; the instructor's room shows the code, the QR code and the
// student in the roster; a new code replaces the old; removing the student ends their seat. The
// student's page is not a secure context, so its Python programs run in promise mode.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../support/bridge-process.js';
import { createClassNetwork, netnsUnavailable, type ClassNetwork } from '../classroom/support/netns.js';
import { CHROMIUM_ARGS, E2E_DIST, SCREENSHOTS } from './support/browser.js';
import { keepEdit, openProgram, runToEnd } from './support/program.js';

const why = netnsUnavailable();
if (why) console.warn(`classroom e2e skipped: ${why}`);
const CODE = 'K7M-4QX';
/** Progress is reported at most once a second and the room updated a few times a second. */
const POLL = { timeout: 10_000 };

describe.skipIf(why !== undefined)('a class in the browser', () => {
  let net: ClassNetwork;
  let bridge: RunningBridge;
  let browser: Browser;
  let wrapperDir: string;
  let base: string;

  const onTeardown = teardownStack();
  beforeAll(async () => {
    net = createClassNetwork();
    onTeardown(() => net.remove());
    bridge = await startBridgeProcess([...TEST_SERVER_FLAGS, '--dist', E2E_DIST, '--classroom', net.instructorAddress, '--join-code', CODE], {}, [
      'ip',
      'netns',
      'exec',
      net.instructorNs,
    ]);
    onTeardown(() => bridge.stop());
    base = `http://${net.instructorAddress}:${bridge.port}`;
    // chromium in the instructor's namespace: playwright talks to it over a pipe, not the network
    wrapperDir = mkdtempSync(join(tmpdir(), 'socket-lab-chromium-'));
    const wrapper = join(wrapperDir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${net.instructorNs} /usr/bin/chromium "$@"\n`);
    chmodSync(wrapper, 0o755);
    browser = await chromium.launch({ executablePath: wrapper, args: CHROMIUM_ARGS });
    onTeardown(() => browser.close().catch(() => undefined));
  }, 60_000);

  afterAll(() => {
    if (wrapperDir) rmSync(wrapperDir, { recursive: true, force: true });
  });

  it("a student joins with the code and appears in the instructor's roster; a new code, then removal", async () => {
    const studentContext = await browser.newContext({ locale: 'en-US', reducedMotion: 'reduce' });
    studentContext.setDefaultTimeout(15_000);
    const student = await studentContext.newPage();
    const requested: string[] = [];
    student.on('request', (r) => requested.push(r.url()));
    const failed: string[] = [];
    student.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? '?'}`));
    await student.goto(`${base}/join`);
    // the first page this browser draws, from cold: a longer bound than the later steps (it once
    // took over 15 s at load 6); if it never comes, say which requests failed
    await student
      .getByTestId('join-name')
      .waitFor({ timeout: 45_000 })
      .catch((e: unknown) => {
        throw new Error(`the join page was not drawn (${String(e)}); failed requests: ${failed.join(', ') || 'none'}`);
      });
    await student.getByTestId('join-name').fill('Ada');
    await student.getByTestId('join-code').fill('AAA-AAA');
    await student.getByTestId('join-submit').click();
    await expect.poll(() => student.getByTestId('join-error').textContent(), POLL).toContain('not this class');

    await student.getByTestId('join-code').fill('k7m4qx');
    await student.getByTestId('join-submit').click();
    await student.waitForURL(`${base}/#/`);
    await expect.poll(() => student.getByTestId('connection-banner').getAttribute('data-status'), POLL).toBe('open');
    expect(student.url()).not.toContain('token');
    expect(await student.evaluate(() => localStorage.getItem('socket-lab.token'))).toBeNull();
    expect(await student.evaluate(() => sessionStorage.getItem('socket-lab.student-token'))).toMatch(/^[\w-]{43}$/);
    // the QR library is the room's alone (a chunk of its own): the students' pages never load it
    const qrChunks = readdirSync(join(E2E_DIST, 'assets')).filter(
      (f) => f.endsWith('.js') && readFileSync(join(E2E_DIST, 'assets', f), 'utf8').includes('Kanji'),
    );
    expect(qrChunks.length).toBeGreaterThan(0);
    expect(requested.filter((u) => /RoomPage/.test(u) || qrChunks.some((c) => u.endsWith(c)))).toEqual([]);

    const roomContext = await browser.newContext({ locale: 'en-US', reducedMotion: 'reduce', viewport: { width: 1366, height: 900 } });
    roomContext.setDefaultTimeout(15_000);
    const room = await roomContext.newPage();
    await room.goto(`http://127.0.0.1:${bridge.port}/room?token=${bridge.token}`);
    await expect.poll(() => room.getByTestId('room-join-code').textContent(), POLL).toBe(CODE);
    expect(await room.getByTestId('room-join-url').textContent()).toBe(`${base}/join`);
    await room.locator('[data-testid=room-qr] svg').waitFor();
    const qr = await room.getByTestId('room-qr').boundingBox();
    expect(qr!.width).toBeGreaterThanOrEqual(300);
    const row = room.locator('[data-testid^=roster-row-]').filter({ hasText: 'Ada' });
    await expect.poll(() => row.getByTestId('roster-connected').textContent(), POLL).toBe('yes');

    // the student goes to lesson 3: the roster follows
    await student.goto(`${base}/#/03-udp`);
    await expect.poll(() => row.textContent(), POLL).toContain('03-udp');
    // lesson 3's server consoles bind ports: the roster lists them with address and port
    await expect.poll(() => row.getByTestId('roster-servers').textContent(), POLL).toMatch(/UDP 127\.0\.0\.1:\d+/);

    // Python in the page runs for a student on the classroom address: not a secure context, so no
    // shared memory; the page runs it in promise mode (JSPI), on the student's own seat
    expect(await student.evaluate('[crossOriginIsolated, typeof SharedArrayBuffer]')).toEqual([false, 'undefined']);
    const udpUpper = bridge.servers['udp-upper']!;
    await keepEdit(
      student,
      '03-udp',
      'UDPClient.py',
      `from socket import *\ns = socket(AF_INET, SOCK_DGRAM)\ns.sendto(b'hello from the class', ('127.0.0.1', ${udpUpper}))\nprint(s.recvfrom(2048)[0].decode())\n`,
    );
    const program = await openProgram(student, 'client-code');
    const ran = await runToEnd(program, 60_000);
    expect(ran.status).toBe('exited');
    expect(ran.text).toContain('HELLO FROM THE CLASS');

    // the room opens a student's flow on click
    await row.getByRole('button', { name: 'Ada' }).click();
    await room.getByTestId('room-watch').waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await room.screenshot({ path: join(SCREENSHOTS, 'classroom-room.png'), fullPage: true });

    await room.getByTestId('room-rotate').click();
    await expect.poll(() => room.getByTestId('room-join-code').textContent(), POLL).not.toBe(CODE);

    room.once('dialog', (d) => void d.accept());
    await row.getByTestId('roster-remove').click();
    await expect.poll(() => student.getByTestId('connection-banner').getAttribute('data-status'), { timeout: 20_000 }).toBe('removed');
    await expect.poll(() => room.locator('[data-testid^=roster-row-]').count(), POLL).toBe(0);
    await studentContext.close();
    await roomContext.close();
  }, 180_000);

  it("the instructor's room refuses the classroom address; a lesson link without a seat leads to /join", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/#/03-udp`);
    await page.waitForURL(`${base}/join`);
    await page.getByTestId('join-form').waitFor();
    await page.goto(`${base}/room?token=${bridge.token}`);
    await expect.poll(() => page.getByTestId('room').getAttribute('data-status'), POLL).toBe('unauthorized');
    await context.close();
  });
});
