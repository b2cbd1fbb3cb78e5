// Capture files in a real browser: lesson 0's exchange saved with "Save as pcapng" is a file the
// lab's reader (and so Wireshark's format) reads back; a capture opened with "Open a capture" is
// drawn in the same flow, with the inspector's header values from the file; a file of ARP says so.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { decodePacket } from '../../web/pcap/decode.js';
import { exportPcapng } from '../../web/pcap/export.js';
import { LINKTYPE } from '../../web/pcap/packets.js';
import { readCapture } from '../../web/pcap/reader.js';
import { ARP_FRAME, pcap } from '../pcap/captures.js';
import { exportInput, lesson4 } from '../pcap/fixtures.js';
import { typeLine, waitForLine, waitIdle } from '../web/console/playwright-console.js';
import { startLab, type Lab } from './support/browser.js';
import { consoleIn, flowArrows, panel, readArrows } from './support/lab-page.js';

let lab: Lab;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'socket-lab-e2e-pcap-'));

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  page = await lab.open('00-welcome');
  await waitIdle(consoleIn(page, 'client'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const notes = () => panel(page, 'flow').getByTestId('flow-capture-note').allTextContents();

describe('capture files in the flow panel', () => {
  it("saves lesson 0's exchange as a pcapng file holding the datagram and its reply", async () => {
    const client = consoleIn(page, 'client');
    await typeLine(client, 'hello world');
    await waitForLine(client, /^HELLO WORLD$/);
    await expect.poll(() => flowArrows(page, 'flow', 'datagram').count(), { timeout: 5000 }).toBe(2);

    const download = page.waitForEvent('download');
    await panel(page, 'flow').getByTestId('flow-save-pcapng').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^socket-lab-.*\.pcapng$/);
    const read = readCapture(new Uint8Array(readFileSync(await file.path())));
    expect(read.problem).toBeUndefined();
    const udpPort = lab.bridge.servers['udp-upper']!;
    const packets = read.packets
      .map((p) => decodePacket(p))
      .map((d) => (d.ok ? [d.packet.dst.port === udpPort || d.packet.src.port === udpPort, new TextDecoder().decode(d.packet.payload)] : []));
    expect(packets).toEqual([
      [true, 'hello world'],
      [true, 'HELLO WORLD'],
    ]);
    await expect.poll(notes).toEqual([expect.stringMatching(/^Saved socket-lab-.*: 2 packets\./)]);
  });

  it('opens a TCP capture in the flow: handshake, data, FIN; the inspector shows its sequence numbers; Back to live returns', async () => {
    const file = join(dir, 'lesson4.pcapng');
    writeFileSync(file, exportPcapng(exportInput(lesson4('hello tcp'))).bytes);
    await panel(page, 'flow').getByTestId('flow-open-input').setInputFiles(file);
    await expect
      .poll(async () => (await readArrows(page, 'flow')).map((a) => a.arrow), { timeout: 5000 })
      .toEqual(['syn', 'synAck', 'ack', 'data', 'data', 'fin', 'fin']);
    expect((await readArrows(page, 'flow'))[3]).toMatchObject({ srcPort: 50124, dstPort: 12000, bytes: 9 });
    await expect.poll(notes).toContainEqual(expect.stringContaining('Showing the capture lesson4.pcapng: 7 of its 7 packets drawn.'));

    await flowArrows(page, 'flow', 'data').first().click();
    await flowArrows(page, 'flow', 'data').first().press('Enter');
    const inspector = panel(page, 'flow').getByTestId('flow-inspector');
    await inspector.waitFor({ timeout: 5000 });
    const seq = inspector.locator('[data-field=sequenceNumber]');
    expect(await seq.getAttribute('data-reconstructed')).toBeNull();
    expect(Number(await seq.getAttribute('data-value'))).toBeGreaterThan(0);

    await panel(page, 'flow').getByTestId('flow-close-capture').click();
    await expect.poll(async () => (await readArrows(page, 'flow')).map((a) => a.arrow), { timeout: 5000 }).toEqual(['datagram', 'datagram']);
  });

  it('says a capture of ARP holds nothing to draw, in words, and keeps the live flow', async () => {
    const file = join(dir, 'arp.pcap');
    writeFileSync(file, pcap(LINKTYPE.ethernet, [{ timeUs: 1_796_522_400_000_000, data: ARP_FRAME }]));
    await panel(page, 'flow').getByTestId('flow-open-input').setInputFiles(file);
    await expect
      .poll(notes)
      .toEqual(['No UDP or TCP packet in arp.pcap: there is nothing to draw.', '1 packet is not UDP or TCP over IP (ARP) and is left out.']);
    expect(await panel(page, 'flow').locator('[data-testid=flow-capture-note][role=alert]').count()).toBe(2);
    expect((await readArrows(page, 'flow')).map((a) => a.arrow)).toEqual(['datagram', 'datagram']);
  });
});
