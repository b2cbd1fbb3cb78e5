// One owner per resource: a session's sockets die with its WebSocket, at once, and the whole
// bridge releases everything on Ctrl-C. Checked from outside: ports that stop answering or become
// free again, peers that see the connection end, and the bridge's open files.
import { once } from 'node:events';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited } from '../support/bridge-process.js';
import { eventually, startLab, type Lab, type Page } from './helpers/lab.js';
import { fdCount, tcpConnectable, tcpPeer, udpBindable } from './helpers/peers.js';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

interface Opened {
  udpPort: number;
  listenPort: number;
  /** The peer's end of the page's client connection. */
  peerSide: Socket;
  /** A Node client connected to the page's listener. */
  clientOfPage: Socket;
  closePeer(): Promise<void>;
}

/** Opens one socket of every kind in the page, each with a real other end. */
async function openEverything(page: Page): Promise<Opened> {
  const peer = await tcpPeer();
  const udp = await page.client.udpOpen('u');
  const listening = await page.client.tcpListen('w', 0);
  await page.client.tcpConnect('c', '127.0.0.1', peer.port);
  await eventually(() => peer.connections[0], 3000, 'peer accepted');
  const accepted = page.client.next('tcp.accepted', (e) => e.sock === 'w');
  const clientOfPage = new Socket();
  clientOfPage.on('error', () => {});
  clientOfPage.connect(listening.local.port, '127.0.0.1');
  await accepted;
  return { udpPort: udp.local.port, listenPort: listening.local.port, peerSide: peer.connections[0]!, clientOfPage, closePeer: () => peer.close() };
}

async function expectAllClosed(opened: Opened): Promise<void> {
  await eventually(async () => !(await tcpConnectable(opened.listenPort)), 3000, 'listener closed');
  await eventually(() => udpBindable(opened.udpPort), 3000, 'UDP port free');
  await eventually(() => opened.peerSide.readyState === 'closed' || opened.peerSide.readableEnded, 3000, "peer saw the page's connection end");
  await eventually(() => opened.clientOfPage.readyState === 'closed' || opened.clientOfPage.readableEnded, 3000, "the page's accepted connection ended");
}

describe('the end of a session', () => {
  it('closes every socket of the page when its WebSocket closes', async () => {
    const pid = lab.bridge.process.pid!;
    const before = fdCount(pid);
    const page = await lab.page();
    const opened = await openEverything(page);
    expect(fdCount(pid)).toBeGreaterThan(before);
    page.client.close();
    await expectAllClosed(opened);
    await eventually(() => fdCount(pid) <= before, 3000, `bridge fds back to ${before}`);
    opened.clientOfPage.destroy();
    await opened.closePeer();
  });

  it('closes every socket of the page when its connection drops without a close frame', async () => {
    const page = await lab.page();
    const opened = await openEverything(page);
    page.ws.terminate();
    await expectAllClosed(opened);
    opened.clientOfPage.destroy();
    await opened.closePeer();
  });

  it("leaves another page's sockets open", async () => {
    const leaving = await lab.page();
    const staying = await lab.page();
    await leaving.client.udpOpen('mine');
    const kept = await staying.client.tcpListen('kept', 0);
    leaving.client.close();
    await eventually(() => leaving.client.closed, 3000, 'page left');
    expect(await tcpConnectable(kept.local.port)).toBe(true);
    await staying.client.closeSocket('kept');
    staying.client.close();
  });
});

describe('Ctrl-C', () => {
  it('is ready soon after launch, exits 0 on SIGINT and releases every port', async () => {
    const started = performance.now();
    const own = await startLab();
    const readyMs = performance.now() - started;
    console.log(`bridge ready ${readyMs.toFixed(0)} ms after launch (goal: under 2 s)`);
    expect(readyMs).toBeLessThan(10_000);

    const page = await own.page();
    const opened = await openEverything(page);
    const labPorts = { udp: own.bridge.servers['udp-upper']!, tcp: own.bridge.servers['tcp-upper']! };
    const wsClosed = once(page.ws, 'close');
    own.bridge.process.kill('SIGINT');
    const code = await exited(own.bridge.process);
    expect(code).toBe(0);
    expect(own.bridge.output()).toMatch(/stopped; every socket is closed/);
    const [closeCode] = (await wsClosed) as [number];
    expect(closeCode).toBe(1001);
    await expectAllClosed(opened);
    expect(await tcpConnectable(own.bridge.port)).toBe(false);
    expect(await tcpConnectable(labPorts.tcp)).toBe(false);
    expect(await udpBindable(labPorts.udp)).toBe(true);
    own.expectValidFrames();
    opened.clientOfPage.destroy();
    await opened.closePeer();
    await own.stop();
  });

  it('exits 0 on SIGTERM too', async () => {
    const own = await startLab();
    own.bridge.process.kill('SIGTERM');
    const code = await exited(own.bridge.process);
    expect(code).toBe(0);
    await own.stop();
  });
});
