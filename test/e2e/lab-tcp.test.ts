// Lesson 4 in a real browser against the real bridge: the same exchange over TCP, with the
// handshake in the flow diagram and the welcoming and connection sockets in the sockets panel.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { printedLines, typeLine, waitForLine, waitIdle } from '../web/console/playwright-console.js';
import { startLab, type Lab } from './support/browser.js';
import { consoleIn, fixedStart, litLine, panel, readArrows, words } from './support/lab-page.js';

let lab: Lab;
let page: Page;

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  page = await lab.open('04-tcp');
  await waitIdle(consoleIn(page, 'client'));
});

const serverPort = () => lab.bridge.servers['tcp-upper']!;
const socketRows = () => panel(page, 'sockets').getByTestId('socket-row');

describe('lesson 4 (TCP) in the browser', () => {
  it('sends hello world over a connection of its own and prints HELLO WORLD from tcp-upper', async () => {
    const client = consoleIn(page, 'client');
    await typeLine(client, 'hello world');
    await waitForLine(client, /^HELLO WORLD$/);
    // the server closed after its one reply: recv() returned b''
    await waitForLine(client, fixedStart(words('console', 'en', 'client.tcpDone_one')));
  });

  it('draws the three-way handshake, then the sentence and the reply, with the right ports', async () => {
    await expect.poll(async () => (await readArrows(page, 'flow')).filter((a) => a.arrow === 'data').length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    const arrows = await readArrows(page, 'flow');
    const kinds = arrows.map((a) => a.arrow);
    const syn = kinds.indexOf('syn');
    const synAck = kinds.indexOf('synAck');
    const ack = kinds.indexOf('ack');
    const data = kinds.indexOf('data');
    expect(syn).toBeGreaterThanOrEqual(0);
    // SYN, SYN-ACK, ACK, in that order, before any data moves
    expect(syn < synAck && synAck < ack && ack < data).toBe(true);
    const sock = await consoleIn(page, 'client').getAttribute('data-console-socket');
    const clientPort = arrows[syn]!.srcPort;
    expect(arrows[syn]).toMatchObject({ from: sock, dstPort: serverPort() });
    expect(arrows[synAck]).toMatchObject({ to: sock, srcPort: serverPort(), dstPort: clientPort });
    expect(arrows[ack]).toMatchObject({ from: sock, srcPort: clientPort, dstPort: serverPort() });
    const [sentence, reply] = arrows.filter((a) => a.arrow === 'data');
    expect(sentence).toMatchObject({ from: sock, srcPort: clientPort, dstPort: serverPort(), bytes: 11 });
    expect(reply).toMatchObject({ to: sock, srcPort: serverPort(), dstPort: clientPort, bytes: 11 });
    expect(kinds).toContain('fin');
    // TCPClient.py's last socket call is close()
    await expect.poll(() => litLine(page, 'client-code').getAttribute('data-call'), { timeout: 5000 }).toBe('close');
    await lab.screenshot('lesson-04-tcp');
  });

  it("shows tcp-upper's welcoming socket in LISTEN and, while console A is connected, a connection socket with its 4-tuple", async () => {
    const server = `127.0.0.1:${serverPort()}`;
    const welcoming = socketRows().and(page.locator(`[data-role=welcoming][data-owner=lab][data-local="${server}"]`));
    await welcoming.waitFor({ timeout: 5000 });
    expect(await welcoming.getAttribute('data-state')).toBe('LISTEN');

    const a = consoleIn(page, 'cmd-a');
    await typeLine(a, 'socket tcp');
    await typeLine(a, 'connect tcp-upper');
    const mine = socketRows().and(page.locator('[data-owner=page][data-role=client][data-state=ESTABLISHED]'));
    await mine.waitFor({ timeout: 5000 });
    const clientEnd = (await mine.getAttribute('data-local'))!;
    expect(await mine.getAttribute('data-remote')).toBe(server);

    // accept() made a connection socket under the welcoming socket: same server end, the client's port
    // (the first exchange's connection socket may still show, closed, for a moment)
    const connection = socketRows().and(
      page.locator(`[data-role=tcp][data-owner=lab][data-parent="${await welcoming.getAttribute('data-sock')}"][data-remote="${clientEnd}"]`),
    );
    await connection.waitFor({ timeout: 5000 });
    expect(await connection.getAttribute('data-state')).toBe('ESTABLISHED');
    expect(await connection.getAttribute('data-local')).toBe(server);
    expect(await connection.textContent()).toContain(`${server} ↔ ${clientEnd}`);
    expect(await welcoming.getAttribute('data-state')).toBe('LISTEN');
    await lab.screenshot('lesson-04-tcp-sockets');

    await typeLine(a, 'close');
    await connection.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await printedLines(a)).join('\n')).not.toMatch(/failed/);
  });

  it("ends console B's half-close as Live B says: shutdown, recv the reply, close, with no failure", async () => {
    const b = consoleIn(page, 'cmd-b');
    for (const line of ['socket tcp', 'connect tcp-upper', 'send "hello from b"', 'shutdown', 'recv']) await typeLine(b, line);
    await waitForLine(b, /^b'HELLO FROM B'$/);
    await typeLine(b, 'close');
    await waitForLine(b, / is closed\.$/);
    expect((await printedLines(b)).join('\n')).not.toMatch(/failed/);
  });

  it('threw no uncaught error in the page', () => {
    expect(lab.pageErrors()).toEqual([]);
  });
});
