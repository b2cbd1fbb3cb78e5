// The textbook's own Python programs (test/python/) against the lab: its clients get capitals from
// the lab's servers, its servers answer a page that talks to them through the bridge, and its
// clients reach a page that plays the server.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { decodeText } from '../../protocol/client.js';
import { ROOT } from '../support/bridge-process.js';
import { startLab, type Lab, type Page } from './helpers/lab.js';
import { PYTHON } from './helpers/peers.js';

const run = promisify(execFile);
const script = (name: string) => join(ROOT, 'test/python', name);
if (!PYTHON) console.warn('python3 not found: the textbook-Python tests are skipped');

let lab: Lab;
let page: Page;

const onTeardown = teardownStack();
beforeAll(async () => {
  if (!PYTHON) return;
  lab = await startLab();
  onTeardown(() => {
    lab.expectValidFrames();
    return lab.stop();
  });
  page = await lab.page();
});

async function python(name: string, args: string[], stdin?: string): Promise<string> {
  const child = run(PYTHON!, [script(name), ...args], { timeout: 10_000, encoding: 'utf8' });
  if (stdin !== undefined) child.child.stdin!.end(stdin);
  return (await child).stdout.trim();
}

/** Starts a textbook server on port 0 and resolves with the port it printed. */
async function pythonServer(name: string, count: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(PYTHON!, [script(name), '0', String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 10_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /port (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${out}`)));
  });
  return { child, port };
}

describe.skipIf(!PYTHON)('textbook clients against the lab servers', () => {
  it('UDPClient.py gets the sentence back in capitals from udp-upper', async () => {
    const out = await python('UDPClient.py', ['127.0.0.1', String(lab.bridge.servers['udp-upper']), 'hello from python']);
    expect(out).toBe('HELLO FROM PYTHON');
  });

  it('UDPClient.py reads the sentence from stdin, and Korean passes through upper() unchanged', async () => {
    const out = await python('UDPClient.py', ['127.0.0.1', String(lab.bridge.servers['udp-upper'])], '안녕 udp\n');
    expect(out).toBe('안녕 UDP');
  });

  it('TCPClient.py gets the sentence back in capitals from tcp-upper, and the page sees the server side', async () => {
    const accepted = page.client.next('tcp.accepted', (e) => e.sock === 'lab:tcp-upper');
    const out = await python('TCPClient.py', ['127.0.0.1', String(lab.bridge.servers['tcp-upper']), 'hello tcp from python']);
    expect(out).toBe('From Server:  HELLO TCP FROM PYTHON');
    const conn = (await accepted).conn;
    const received = await page.client.waitFor('tcp.received', (e) => e.sock === conn);
    expect(decodeText(received.data)).toBe('hello tcp from python');
  });
});

describe.skipIf(!PYTHON)('the page as a client of the textbook servers', () => {
  it('UDPServer.py answers the page in capitals', async () => {
    const server = await pythonServer('UDPServer.py', 1);
    try {
      await page.client.udpOpen('to-py');
      const reply = page.client.next('udp.received', (e) => e.sock === 'to-py');
      await page.client.udpSend('to-py', '127.0.0.1', server.port, 'page to python');
      const got = await reply;
      expect(decodeText(got.data)).toBe('PAGE TO PYTHON');
      expect(got.from.port).toBe(server.port);
      await page.client.closeSocket('to-py');
    } finally {
      server.child.kill();
    }
  });

  it('TCPServer.py answers the page in capitals and closes', async () => {
    const server = await pythonServer('TCPServer.py', 1);
    try {
      await page.client.tcpConnect('tcp-py', '127.0.0.1', server.port);
      await page.client.tcpSend('tcp-py', 'page to tcp server');
      const reply = await page.client.waitFor('tcp.received', (e) => e.sock === 'tcp-py');
      expect(decodeText(reply.data)).toBe('PAGE TO TCP SERVER');
      await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'tcp-py');
      await page.client.closeSocket('tcp-py');
    } finally {
      server.child.kill();
    }
  });
});

describe.skipIf(!PYTHON)('textbook clients against the page as the server', () => {
  it('UDPClient.py gets its reply from a UDP socket the page opened', async () => {
    const bound = await page.client.udpOpen('page-udp-srv');
    const stop = page.client.onEvent((e) => {
      if (e.type !== 'udp.received' || e.sock !== 'page-udp-srv') return;
      page.client.send({
        type: 'udp.send',
        sock: 'page-udp-srv',
        host: e.from.address,
        port: e.from.port,
        data: Buffer.from(decodeText(e.data).toUpperCase()).toString('base64'),
      });
    });
    try {
      expect(await python('UDPClient.py', ['127.0.0.1', String(bound.local.port), 'served by the page'])).toBe('SERVED BY THE PAGE');
    } finally {
      stop();
      await page.client.closeSocket('page-udp-srv');
    }
  });

  it('TCPClient.py connects to the page listening, and the page sees the 4-tuple', async () => {
    const listening = await page.client.tcpListen('page-tcp-srv', 0);
    let remotePort = 0;
    const stop = page.client.onEvent((e) => {
      if (e.type === 'tcp.accepted' && e.sock === 'page-tcp-srv') remotePort = e.remote.port;
      if (e.type !== 'tcp.received' || !e.sock.startsWith('page-tcp-srv#')) return;
      page.client.send({ type: 'tcp.send', sock: e.sock, data: Buffer.from(decodeText(e.data).toUpperCase()).toString('base64') });
      page.client.send({ type: 'socket.close', sock: e.sock });
    });
    try {
      expect(await python('TCPClient.py', ['127.0.0.1', String(listening.local.port), 'page as server'])).toBe('From Server:  PAGE AS SERVER');
      expect(remotePort).toBeGreaterThan(0);
    } finally {
      stop();
      await page.client.closeSocket('page-tcp-srv');
    }
  });
});
