// Python in the page with the page's WebSocket held by the socket worker, which answers the
// program's socket calls off the main thread: the program's sockets are still the page's own (one
// session with the bridge), and the page still draws them live: every datagram in the flow, the
// socket in the sockets panel while it is open, and gone from it once the program closed it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from './support/browser.js';
import { panel, readArrows } from './support/lab-page.js';
import { endedAfter, forgetEdits, run, typeInto, waitOutput, withProgram } from './support/program.js';

let lab: Lab;
let page: Page;

const ROUND_TRIPS = 5;
const PROGRAM = `import sys
from socket import *
port = int(sys.argv[1])
s = socket(AF_INET, SOCK_DGRAM)
for i in range(${ROUND_TRIPS}):
    s.sendto(b'ping %d' % i, ('127.0.0.1', port))
    reply, server = s.recvfrom(2048)
    print(reply.decode())
print('local port', s.getsockname()[1])
input('close? ')
s.close()
`;

beforeAll(async () => {
  lab = await startLab();
  page = await lab.open('04-tcp');
  await forgetEdits(page);
});
afterAll(() => lab.close());

describe('Python in the page through the socket worker', () => {
  it("draws every datagram of a page program in the flow and its socket in the sockets panel, in the page's one session", async () => {
    // the page's WebSocket lives in a worker of its own, next to Python's
    await expect.poll(() => page.workers().map((w) => w.url())).toContainEqual(expect.stringMatching(/socket-worker/));
    const upper = lab.bridge.servers['udp-upper']!;
    const program = await withProgram(page, '04-tcp', 'client-code', 'TCPClient.py', PROGRAM);
    await program.locator('.program-args input').fill(String(upper));
    const before = await run(program);
    const shown = await waitOutput(program, /local port (\d+)[\s\S]*close\? /, 30_000);
    for (let i = 0; i < ROUND_TRIPS; i++) expect(shown).toContain(`PING ${i}`);
    const mine = Number(/local port (\d+)/.exec(shown)![1]);

    // every datagram, both ways, drawn from the program's socket
    const datagrams = async () => (await readArrows(page, 'flow')).filter((a) => a.arrow === 'datagram' && (a.srcPort === mine || a.dstPort === mine));
    await expect.poll(async () => (await datagrams()).length, { timeout: 10_000 }).toBe(2 * ROUND_TRIPS);
    expect((await datagrams()).filter((a) => a.dstPort === upper)).toHaveLength(ROUND_TRIPS);
    expect(await panel(page, 'flow').textContent()).toContain('TCPClient.py-');

    // the socket is the page's: listed by the page's sockets panel while the program holds it open
    const row = panel(page, 'sockets').locator(`[data-testid=socket-row][data-local="127.0.0.1:${mine}"]`);
    await expect.poll(() => row.getAttribute('data-sock')).toMatch(/^TCPClient\.py-/);
    await typeInto(program, 'yes');
    expect(await endedAfter(program, before)).toBe('exited');
    // shown as closed for a moment, then gone
    await expect.poll(() => row.evaluateAll((rows) => rows.every((r) => r.getAttribute('data-state') === 'closed'))).toBe(true);
    expect(lab.pageErrors()).toEqual([]);
  });
});
