// Lessons 1 and 2 in a real browser against the real bridge, done as a student would: send a
// sentence and read its IPv4 and UDP headers and its layers; then the same sentence over UDP and
// over TCP to one port number, two datagrams against a handshake, data and two FINs.
import { createServer, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { typeLine, waitForLine, waitIdle } from '../web/console/playwright-console.js';
import { startLab, type Lab } from './support/browser.js';

/** A port free for both TCP and UDP on 127.0.0.1, so udp-upper and tcp-upper can share it as
 * they share 12000 in the real lab (tried a bounded number of times). */
async function sharedFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp: Server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as { port: number }).port));
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const udp = createSocket('udp4');
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => udp.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpFree) return port;
  }
  throw new Error('no port free for both TCP and UDP after 20 tries');
}

let lab: Lab;
let page: Page;
let port: number;

const onTeardown = teardownStack();
beforeAll(async () => {
  port = await sharedFreePort();
  lab = await startLab({ bridgeArgs: ['--server', `udp-upper=${port}`, '--server', `tcp-upper=${port}`] });
  onTeardown(() => lab.close());
  expect(lab.bridge.servers).toMatchObject({ 'udp-upper': port, 'tcp-upper': port });
});

const panel = (id: string): Locator => page.getByTestId(`panel-${id}`);
const consoleOf = (id: string): Locator => panel(id).locator('.console-panel');
const field = (layer: string, id: string): Locator => panel('ip-header').locator(`[data-testid=header-field][data-layer=${layer}][data-field=${id}]`);
const layerBox = (id: string, layer: string): Locator => panel(id).locator(`[data-testid=encap-box][data-layer=${layer}]`);
const arrows = (id: string): Promise<string[]> =>
  panel(id)
    .locator('[data-testid=flow-arrow]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-arrow') ?? ''));
const passed = (check: string) => page.getByTestId(`check-${check}`).first().getAttribute('data-passed');

/** Picks a quiz option by its index and checks it, as a student does, and returns the verdict. */
async function answer(check: string, option: number): Promise<string | null> {
  const quiz = page.getByTestId(`check-${check}`).first();
  await quiz.locator('.quiz-option').nth(option).click();
  await quiz.getByTestId('quiz-submit').click();
  return quiz.getByTestId('check-result').getAttribute('data-result');
}

describe('lesson 1: protocols, headers and layers', () => {
  beforeAll(async () => {
    page = await lab.open('01-layers');
    await waitIdle(consoleOf('client'));
  });

  it('answers the prediction: the Protocol field hands the payload to UDP', async () => {
    expect(await answer('which-field', 0)).toBe('right');
  });

  it('labels a question asked before its experiment "Predict", one asked after the text "Check"', async () => {
    expect(await page.getByTestId('check-which-field').first().locator('.check-kind').textContent()).toBe('Predict');
    expect(await page.getByTestId('check-hop').first().locator('.check-kind').textContent()).toBe('Check');
  });

  it('sends a sentence and shows its IPv4 header with Protocol 17, its lengths and its addresses', async () => {
    await typeLine(consoleOf('client'), 'hello, socket');
    await waitForLine(consoleOf('client'), /^HELLO, SOCKET$/);
    await expect.poll(() => field('ipv4', 'protocol').getAttribute('data-value')).toBe('17');
    // 13 bytes of payload: UDP 8 + 13 = 21, IP 20 + 21 = 41
    expect(await field('udp', 'length').getAttribute('data-value')).toBe('21');
    expect(await field('ipv4', 'totalLength').getAttribute('data-value')).toBe('41');
    expect(await field('ipv4', 'version').getAttribute('data-value')).toBe('4');
    expect(await field('ipv4', 'ihl').getAttribute('data-value')).toBe('5');
    expect(await field('ipv4', 'source').getAttribute('data-value')).toBe('127.0.0.1');
    expect(await field('ipv4', 'destination').getAttribute('data-value')).toBe('127.0.0.1');
    expect(await field('udp', 'destinationPort').getAttribute('data-value')).toBe(String(port));
    // the kernel's own choices are marked, the values that follow from the send are not
    expect(await field('ipv4', 'identification').getAttribute('data-reconstructed')).toBe('true');
    expect(await field('ipv4', 'protocol').getAttribute('data-reconstructed')).toBe('false');
    await expect.poll(() => passed('sent')).toBe('true');
  });

  it('lights byte 9, 0x11, when the Protocol field is focused in the diagram', async () => {
    const diagram = panel('ip-header').locator('[data-testid=header-diagram][data-layer=ipv4]');
    await page.mouse.move(0, 0); // the pointer, when over a field, lights that one instead
    await diagram.locator('[data-testid=header-cell][data-field=protocol]').focus();
    const lit = diagram.locator('[data-testid=header-byte][data-active]');
    await expect.poll(() => lit.count()).toBe(1);
    expect(await lit.getAttribute('data-byte')).toBe('9');
    expect(await lit.textContent()).toBe('11');
    await panel('ip-header').scrollIntoViewIfNeeded();
    await lab.screenshot('lesson-01-ip-header');
  });

  it('counts "안녕 hi" as 9 bytes: UDP length 17, IP total length 37, and 51 bytes on loopback', async () => {
    expect(await answer('udp-length', 1)).toBe('right');
    await typeLine(consoleOf('client'), '안녕 hi');
    await waitForLine(consoleOf('client'), /^안녕 HI$/);
    await expect.poll(() => field('udp', 'length').getAttribute('data-value')).toBe('17');
    expect(await field('ipv4', 'totalLength').getAttribute('data-value')).toBe('37');
    await expect.poll(() => layerBox('layers', 'app').getAttribute('data-total-bytes')).toBe('9');
    expect(await layerBox('layers', 'udp').getAttribute('data-total-bytes')).toBe('17');
    expect(await layerBox('layers', 'ipv4').getAttribute('data-total-bytes')).toBe('37');
    expect(await layerBox('layers', 'link').getAttribute('data-total-bytes')).toBe('51');
    expect(await panel('layers').getByTestId('encapsulation').getAttribute('data-loopback')).toBe('true');
    expect(await panel('layers').getByTestId('encap-chars').getAttribute('data-total')).toBe('9');
    await expect.poll(() => passed('korean-sent')).toBe('true');
    await panel('layers').scrollIntoViewIfNeeded();
    await lab.screenshot('lesson-01-encapsulation');
  });
});

describe('lesson 2: sockets, ports and choosing a transport', () => {
  beforeAll(async () => {
    page = await lab.open('02-sockets-ports');
    await waitIdle(consoleOf('udp'));
    await waitIdle(consoleOf('tcp'));
  });

  it('takes the prediction before the experiment: seven arrows over TCP', async () => {
    expect(await answer('predict-packets', 3)).toBe('right');
  });

  it('sends the same sentence over UDP and over TCP to one port: two datagrams against a handshake, data and two FINs', async () => {
    await typeLine(consoleOf('udp'), 'hello, socket');
    await waitForLine(consoleOf('udp'), /^HELLO, SOCKET$/);
    await typeLine(consoleOf('tcp'), 'hello, socket');
    await waitForLine(consoleOf('tcp'), /HELLO, SOCKET/);

    await expect.poll(() => arrows('udp-flow')).toEqual(['datagram', 'datagram']);
    // the client's FIN follows the server's: wait for the whole conversation
    await expect.poll(() => arrows('tcp-flow')).toEqual(['syn', 'synAck', 'ack', 'data', 'data', 'fin', 'fin']);

    // one port number, two servers: the datagram and the SYN went to the same port
    const dst = (id: string, arrow: string) => panel(id).locator(`[data-testid=flow-arrow][data-arrow=${arrow}]`).first().getAttribute('data-dst-port');
    expect(await dst('udp-flow', 'datagram')).toBe(String(port));
    expect(await dst('tcp-flow', 'syn')).toBe(String(port));

    await expect.poll(() => passed('both')).toBe('true');
    await panel('udp').scrollIntoViewIfNeeded();
    await lab.screenshot('lesson-02-udp-and-tcp');
  });

  it("shows the TCP segment's 32-byte header in the encapsulation view", async () => {
    await expect.poll(() => layerBox('tcp-layers', 'tcp').getAttribute('data-header-bytes')).toBe('32');
    expect(await layerBox('tcp-layers', 'tcp').getAttribute('data-total-bytes')).toBe('45');
    expect(await layerBox('tcp-layers', 'ipv4').getAttribute('data-total-bytes')).toBe('65');
  });

  it('answers the transport choice: TCP, UDP, TCP, HTTP over TCP', async () => {
    expect(await answer('choose', 0)).toBe('wrong');
    expect(await answer('choose', 1)).toBe('right');
  });
});
