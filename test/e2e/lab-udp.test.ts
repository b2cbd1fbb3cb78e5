// Lesson 3 in a real browser against the real bridge: the student's UDP client console talks to
// the lab's udp-upper server, and the flow diagram and the code panel show what happened.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { printedLines, typeLine, waitForLine, waitIdle } from '../web/console/playwright-console.js';
import { startLab, type Lab } from './support/browser.js';
import { consoleIn, flowArrows, lessonTitle, litLine, panel, readArrows, words } from './support/lab-page.js';

let lab: Lab;
let page: Page;
/** Every address the page requested, in order. */
const requested: string[] = [];

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  lab.page.on('request', (r) => requested.push(r.url()));
  page = await lab.open('03-udp');
  await waitIdle(consoleIn(page, 'client'));
});

/** Clears the flow diagram so a test reads only the arrows it made. */
async function clearFlow(): Promise<void> {
  await panel(page, 'flow').getByTestId('flow-clear').click();
  await expect.poll(() => flowArrows(page, 'flow').count(), { timeout: 5000 }).toBe(0);
}

/** Waits until the flow shows `count` datagrams and returns them, top to bottom. */
async function datagrams(count: number) {
  await expect.poll(() => flowArrows(page, 'flow', 'datagram').count(), { timeout: 5000 }).toBeGreaterThanOrEqual(count);
  return (await readArrows(page, 'flow')).filter((a) => a.arrow === 'datagram');
}

describe('lesson 3 (UDP) in the browser', () => {
  it('sends hello world from the client console and prints HELLO WORLD from udp-upper', async () => {
    const client = consoleIn(page, 'client');
    await typeLine(client, 'hello world');
    await waitForLine(client, /^HELLO WORLD$/);
    const serverPort = lab.bridge.servers['udp-upper']!;
    expect(await printedLines(client)).toContainEqual(expect.stringContaining(`from 127.0.0.1:${serverPort}`));
  });

  it('draws two datagrams: the client port the OS chose to udp-upper, and back', async () => {
    const serverPort = lab.bridge.servers['udp-upper']!;
    const [out, back] = await datagrams(2);
    const client = consoleIn(page, 'client');
    const sock = await client.getAttribute('data-console-socket');
    expect(out).toMatchObject({ from: sock, dstPort: serverPort, bytes: 'hello world'.length, status: 'delivered' });
    expect(back).toMatchObject({ to: sock, srcPort: serverPort, dstPort: out!.srcPort, bytes: 'hello world'.length, status: 'delivered' });
    // the client never called bind(): its port is an ephemeral one, not the server's
    expect(out!.srcPort).toBeGreaterThanOrEqual(1024);
    expect(out!.srcPort).not.toBe(serverPort);
    // the console's header names the same port
    await expect
      .poll(() => client.getByTestId('console-header').textContent(), { timeout: 5000 })
      .toContain(`127.0.0.1:${out!.srcPort} → 127.0.0.1:${serverPort}`);
  });

  it('lights recvfrom (line 8) in UDPClient.py once the reply is read', async () => {
    const lit = litLine(page, 'client-code');
    await lit.waitFor({ timeout: 5000 });
    expect(await lit.getAttribute('data-call')).toBe('recvfrom');
    expect(await lit.getAttribute('data-line')).toBe('8');
    await lab.screenshot('lesson-03-udp');
  });

  it('sends a Korean sentence and shows it back with only the Latin letters in capitals', async () => {
    const client = consoleIn(page, 'client');
    await clearFlow();
    await typeLine(client, '안녕 socket');
    await waitForLine(client, /^안녕 SOCKET$/);
    // 안 and 녕 are 3 bytes each in UTF-8: 6 + 1 + 6 bytes on the wire, both ways
    const [out, back] = await datagrams(2);
    expect(out!.bytes).toBe(13);
    expect(back!.bytes).toBe(13);
    await lab.screenshot('lesson-03-udp-korean');
  });

  it("draws Korean with xterm's own width tables, and fetches the Unicode 11 ones for the first emoji", async () => {
    const client = consoleIn(page, 'client');
    const tables = () => requested.filter((url) => /\/assets\/addon-unicode11-[\w-]+\.js$/.test(url));
    await typeLine(client, '소켓 hi');
    await waitForLine(client, /^소켓 HI$/);
    expect(tables()).toEqual([]);
    await typeLine(client, 'hi 😀 소켓');
    await waitForLine(client, /^HI 😀 소켓$/);
    expect(tables()).toHaveLength(1);
    // the line as typed is on the terminal's screen, whole: nothing held back once the tables came
    await expect.poll(() => client.locator('.xterm-rows').textContent(), { timeout: 5000 }).toContain('hi 😀 소켓');
  });

  it('shows a sentence over 2,048 bytes cut: the console explains it and the flow marks the datagram', async () => {
    const client = consoleIn(page, 'client');
    await clearFlow();
    const sentence = 'a'.repeat(2100);
    await waitIdle(client);
    await client.locator('.xterm-helper-textarea').focus();
    // one input event for the whole sentence (as a paste would be); 2,100 key presses are slow
    await page.keyboard.insertText(sentence);
    await page.keyboard.press('Enter');
    await waitForLine(client, /recvfrom\(2048\) returned 2048 of 2100 bytes/);
    expect(await printedLines(client)).toContain('A'.repeat(2048));

    const [out, back] = await datagrams(2);
    expect(out!.bytes).toBe(2100);
    expect(back!.bytes).toBe(2048);
    // the student opens the datagram that was cut: the inspector says recvfrom() cut it
    await flowArrows(page, 'flow', 'datagram').first().locator('.flow-label').click({ timeout: 5000 });
    const inspector = panel(page, 'flow').getByTestId('flow-inspector');
    await inspector.waitFor({ timeout: 5000 });
    await expect.poll(() => inspector.textContent(), { timeout: 5000 }).toContain(words('flow', 'en', 'inspector.truncated'));
    await lab.screenshot('lesson-03-udp-truncated');
  });

  it('does the main experiment again with the page in Korean', async () => {
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.locator('#lesson-title').textContent(), { timeout: 5000 }).toBe(lessonTitle('03-udp', 'ko'));
    const client = consoleIn(page, 'client');
    await clearFlow();
    // the program's own output stays the textbook's English; the lab around it speaks Korean
    await typeLine(client, 'hello in korean');
    await waitForLine(client, /^HELLO IN KOREAN$/);
    await datagrams(2);
    await flowArrows(page, 'flow', 'datagram').first().locator('.flow-label').click({ timeout: 5000 });
    const inspector = panel(page, 'flow').getByTestId('flow-inspector');
    await expect.poll(() => inspector.textContent(), { timeout: 5000 }).toContain(words('flow', 'ko', 'inspector.title.datagram'));
    await lab.screenshot('lesson-03-udp-ko');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.locator('#lesson-title').textContent(), { timeout: 5000 }).toBe(lessonTitle('03-udp', 'en'));
  });

  it('threw no uncaught error in the page', () => {
    expect(lab.pageErrors()).toEqual([]);
  });
});
