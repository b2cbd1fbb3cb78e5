// A capture a student would make: tcpdump on the loopback while the textbook's UDPClient.py and
// TCPClient.py talk to the real bridge's lab servers. Opened in the lab, it draws the same
// exchanges as the flow the lab drew from its own trace of the same conversation.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import type { ArrowRow } from '../../web/flow/types.js';
import { decodePacket } from '../../web/pcap/decode.js';
import { importCapture } from '../../web/pcap/import.js';
import { readCapture } from '../../web/pcap/reader.js';
import { eventually, startLab, type Lab, type Page } from '../bridge/helpers/lab.js';
import { PYTHON } from '../bridge/helpers/peers.js';
import { ROOT } from '../support/bridge-process.js';
import { arrows } from '../web/flow/script.js';
import { labExport } from './lab-flow.js';
import { HAS_TCPDUMP } from './tools.js';

const run = promisify(execFile);
const ready = !!PYTHON && HAS_TCPDUMP;
const dir = mkdtempSync(join(tmpdir(), 'socket-lab-tcpdump-'));
let lab: Lab;
let page: Page;

const onTeardown = teardownStack();
beforeAll(async () => {
  if (!ready) return;
  lab = await startLab();
  onTeardown(() => lab.stop());
  page = await lab.page();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Starts tcpdump on the loopback; resolves once it says it is listening. */
async function tcpdump(file: string, filter: string): Promise<ChildProcess> {
  const child = spawn('tcpdump', ['-i', 'lo', '-U', '-n', '-w', file, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${err}`)), 10_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`tcpdump exited with ${code}: ${err}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

/** An arrow in words that do not depend on socket names or on who saw it. */
const wire = (r: ArrowRow) =>
  `${r.arrow} ${r.src!.address}:${r.src!.port}>${r.dst!.address}:${r.dst!.port} ${r.size} '${r.data ? Buffer.from(r.data, 'base64').toString() : ''}'`;

const python = (name: string, args: string[]) => run(PYTHON!, [join(ROOT, 'test/python', name), ...args], { timeout: 10_000, encoding: 'utf8' });

describe.skipIf(!ready)('a tcpdump capture of the textbook programs against the lab', () => {
  it('draws the UDP exchange and the TCP connection (handshake, data, FIN both ways) the lab drew', async () => {
    const udpPort = lab.bridge.servers['udp-upper']!;
    const tcpPort = lab.bridge.servers['tcp-upper']!;
    const file = join(dir, 'textbook.pcap');
    const capture = await tcpdump(file, `udp port ${udpPort} or tcp port ${tcpPort}`);
    try {
      const closed = page.client.next('socket.closed', (e) => e.sock.startsWith('lab:tcp-upper#'));
      expect((await python('UDPClient.py', ['127.0.0.1', String(udpPort), 'hello from python'])).stdout.trim()).toBe('HELLO FROM PYTHON');
      expect((await python('TCPClient.py', ['127.0.0.1', String(tcpPort), 'tcp from python'])).stdout.trim()).toBe('From Server:  TCP FROM PYTHON');
      await closed;
      // tcpdump writes each packet as it comes (-U): wait until both sides' FINs are in the file
      await eventually(
        () => {
          const fins = readCapture(new Uint8Array(readFileSync(file))).packets.flatMap((p) => {
            const d = decodePacket(p);
            return d.ok && d.packet.tcp?.flags.fin ? [d.packet.src.port] : [];
          });
          return new Set(fins).size >= 2 || undefined;
        },
        10_000,
        'both FINs in the capture',
      );
    } finally {
      await stop(capture);
    }

    const fromFile = importCapture(new Uint8Array(readFileSync(file)));
    expect(fromFile.problem).toBeUndefined();
    expect(fromFile.skipped).toEqual({});
    const captured = arrows(fromFile.view).map(wire);
    const traced = arrows(labExport(page.frames).view)
      .filter((a) => a.src && a.dst)
      .map(wire);
    // the lab's server closes its connection socket as soon as it has replied, and reports nothing on
    // it after that: the client's FIN, which crosses the server's, is in the capture only
    const clientPort = traced
      .find((a) => a.startsWith('syn '))!
      .split(' ')[1]!
      .split('>')[0]!
      .split(':')[1];
    const clientFin = `fin 127.0.0.1:${clientPort}>127.0.0.1:${tcpPort} 0 ''`;
    expect(captured.filter((a) => a !== clientFin)).toEqual(traced.filter((a) => a !== clientFin));
    expect(captured).toContain(clientFin);
    expect(captured.map((a) => a.split(' ')[0])).toEqual(['datagram', 'datagram', 'syn', 'synAck', 'ack', 'data', 'data', 'fin', 'fin']);

    // the same capture as Wireshark saves it (pcapng) draws the same arrows at the same times
    const ng = join(dir, 'textbook.pcapng');
    await run('editcap', ['-F', 'pcapng', file, ng]);
    const fromNg = importCapture(new Uint8Array(readFileSync(ng)));
    expect(fromNg.format).toBe('pcapng');
    expect(arrows(fromNg.view).map(wire)).toEqual(captured);
    expect(arrows(fromNg.view).map((a) => a.t)).toEqual(arrows(fromFile.view).map((a) => a.t));
  });
});
