// The export of flows the real bridge reported, not hand-made ones: a page runs lesson 0's
// datagram, lesson 4's connection and lesson 9's TCP sentence through a lossy relay, and tshark
// reads the saved file with good checksums, no warning, and lesson 9's retransmissions marked;
// opened again in the lab, the file draws the same arrows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { decodeText } from '../../protocol/client.js';
import type { ArrowRow } from '../../web/flow/types.js';
import { exportPcapng } from '../../web/pcap/export.js';
import { importCapture } from '../../web/pcap/import.js';
import { startLab, type Lab, type Page } from '../bridge/helpers/lab.js';
import { allArrows, arrows } from '../web/flow/script.js';
import { labExport } from './lab-flow.js';
import { HAS_TSHARK } from './tools.js';
import { tsharkFields, tsharkWarnings } from './tshark.js';

let lab: Lab;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'socket-lab-pcap-live-'));

const onTeardown = teardownStack();
beforeAll(async () => {
  if (!HAS_TSHARK) return;
  lab = await startLab();
  onTeardown(() => lab.stop());
  page = await lab.page();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Saves the page's flow; checks that opening the file draws the same arrows again. */
function save(name: string): string {
  const file = join(dir, `${name}.pcapng`);
  const input = labExport(page.frames);
  const result = exportPcapng(input);
  expect(result.skipped).toBe(0);
  writeFileSync(file, result.bytes);
  const back = importCapture(result.bytes);
  const wire = (r: ArrowRow) => `${r.arrow} ${r.src!.port}>${r.dst!.port} ${r.size} ${r.data ?? ''}`;
  // a piece the relay lost is drawn once live, and twice (lost, then sent again) from the file
  const live = allArrows(input.view).flatMap((r) => (r.relay?.stage === 'out' && r.relay.retransmission && r.proto === 'tcp' ? [r, r] : [r]));
  expect(arrows(back.view).map(wire)).toEqual(live.map(wire));
  return file;
}

/** Collects what a TCP socket reads until `length` bytes have come (listening from now on, so no
 * piece is missed between two reads). */
function readAll(sock: string, length: number, ms = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${sock} read only ${JSON.stringify(text)} within ${ms} ms`));
    }, ms);
    const stop = page.client.onEvent((e) => {
      if (e.type !== 'tcp.received' || e.sock !== sock) return;
      text += decodeText(e.data);
      if (text.length < length) return;
      clearTimeout(timer);
      stop();
      resolve(text);
    });
  });
}

describe.skipIf(!HAS_TSHARK)('tshark reads what the page saves from the real bridge', () => {
  it("lesson 0's datagram and reply, lesson 4's connection: every packet, good checksums, no warning", async () => {
    const udp = lab.bridge.servers['udp-upper']!;
    const tcp = lab.bridge.servers['tcp-upper']!;
    await page.client.udpOpen('udp-client-1');
    const reply = page.client.next('udp.received', (e) => e.sock === 'udp-client-1');
    await page.client.udpSend('udp-client-1', '127.0.0.1', udp, 'hello world');
    expect(decodeText((await reply).data)).toBe('HELLO WORLD');

    await page.client.tcpConnect('tcp-client-1', '127.0.0.1', tcp);
    const back = readAll('tcp-client-1', 9);
    await page.client.tcpSend('tcp-client-1', 'hello tcp');
    expect(await back).toBe('HELLO TCP');
    await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'tcp-client-1');
    await page.client.closeSocket('tcp-client-1');
    await page.client.closeSocket('udp-client-1');

    const file = save('lessons-0-4');
    const rows = await tsharkFields(file, [
      'udp.dstport',
      'udp.payload',
      'tcp.dstport',
      'tcp.flags',
      'tcp.len',
      'tcp.payload',
      'ip.checksum.status',
      'udp.checksum.status',
      'tcp.checksum.status',
    ]);
    const hex = (s: string) => Buffer.from(s).toString('hex');
    expect(rows.filter((r) => r[0] !== '').map((r) => [r[1], r[6], r[7]])).toEqual([
      [hex('hello world'), '1', '1'],
      [hex('HELLO WORLD'), '1', '1'],
    ]);
    const segments = rows.filter((r) => r[2] !== '');
    expect(segments.map((r) => r[3])).toEqual(['0x0002', '0x0012', '0x0010', '0x0018', '0x0018', '0x0011', '0x0011']);
    expect(segments.filter((r) => r[5] !== '').map((r) => Buffer.from(r[5]!, 'hex').toString())).toEqual(['hello tcp', 'HELLO TCP']);
    expect(segments.every((r) => r[6] === '1' && r[8] === '1')).toBe(true);
    expect(await tsharkWarnings(file)).toBe('');
  });

  it("lesson 9: a sentence through the lossy TCP relay to echo-tcp and back; tshark marks TCP's retransmissions and nothing else", async () => {
    const echo = lab.bridge.servers['echo-tcp']!;
    const started = await page.client.relayStart(
      'tcp-path',
      'tcp',
      { host: '127.0.0.1', port: echo },
      { settings: { segmentBytes: 4, loss: 0.5, retransmitMs: 20, seed: 5 } },
    );
    await page.client.tcpConnect('tcp-client-9', '127.0.0.1', started.listen.port);
    const sentence = 'hello through a lossy path';
    const back = readAll('tcp-client-9', sentence.length);
    await page.client.tcpSend('tcp-client-9', sentence);
    expect(await back).toBe(sentence);
    await page.client.closeSocket('tcp-client-9');
    await page.client.closeSocket('tcp-path');

    const file = save('lesson-9');
    const rows = (await tsharkFields(file, ['tcp.dstport', 'tcp.len', 'tcp.analysis.retransmission', 'tcp.checksum.status'])).filter((r) => r[0] !== '');
    const retransmitted = rows.filter((r) => r[2] !== '');
    expect(retransmitted.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[3] === '1')).toBe(true);
    expect(await tsharkWarnings(file)).toBe('');
  });
});
