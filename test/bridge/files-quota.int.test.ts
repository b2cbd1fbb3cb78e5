// The quota counts file descriptors really held (finding F2 of the security probe): a relay holds
// one for itself and two for each client it relays, so a page's relays cannot take the bridge to
// its open-files limit; and the bridge keeps a reserve, so a new page can always open and be told
// why a request is refused.
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { rejection, startLab, type Lab, type Page } from './helpers/lab.js';
import { fdCount, tcpPeer, type TcpPeer } from './helpers/peers.js';

const FILES_PER_SESSION = 64; // DEFAULT_LIMITS.filesPerSession, stated in docs/protocol.md

const labs: Lab[] = [];
const clients: Socket[] = [];
/** The server the relays front: started by the first test. */
let target: TcpPeer | undefined;

afterAll(async () => {
  for (const c of clients) c.destroy();
  await target?.close();
  for (const lab of labs) {
    lab.expectValidFrames();
    await lab.stop();
  }
});

/** Connects a client to a relay's port; resolves true once the relay took it (tcp.accepted) or
 * false once the relay closed it (over its quota). */
async function relayClient(page: Page, relay: string, port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  clients.push(socket);
  await once(socket, 'connect');
  const local = socket.localPort;
  const accepted = page.client.waitFor('tcp.accepted', (e) => e.sock === relay && e.remote.port === local, 10_000).then(() => true);
  const closed = once(socket, 'close').then(() => false);
  return Promise.race([accepted, closed]);
}

/** Starts TCP relays in front of `target` and gives each up to 16 clients, until the relays are
 * refused clients; returns how many the relays took. */
async function fill(page: Page, prefix: string, relays: number): Promise<number> {
  let taken = 0;
  for (let r = 0; r < relays; r++) {
    const id = `${prefix}${r}`;
    let started;
    try {
      started = await page.client.relayStart(id, 'tcp', { host: '127.0.0.1', port: target!.port });
    } catch {
      break; // the relay itself was refused: the quota is spent
    }
    for (let i = 0; i < 16; i++) {
      if (!(await relayClient(page, id, started.listen.port))) return taken;
      taken++;
    }
  }
  return taken;
}

describe('descriptors in the quota', () => {
  it("bounds what one page's relays hold by filesPerSession, and says why a client was refused", { timeout: 60_000 }, async () => {
    target = await tcpPeer();
    const lab = await startLab();
    labs.push(lab);
    const pid = lab.bridge.process.pid!;
    const page = await lab.page();
    const before = fdCount(pid);
    const refusal = page.client.next('socket.error', (e) => e.code === 'LAB_QUOTA_FILES', 20_000);
    const taken = await fill(page, 'many', 4);
    const error = await refusal;
    const grown = fdCount(pid) - before;
    console.log(`one page: its relays took ${taken} clients, bridge descriptors +${grown}`);
    expect(error.message).toMatch(/file descriptors/);
    // 16 clients on the first relay, 15 on the second: two relays' own sockets and two for each
    // client taken make the whole quota
    expect(2 + 2 * taken).toBe(FILES_PER_SESSION);
    expect(grown).toBeLessThanOrEqual(FILES_PER_SESSION + 2);
    page.client.close();
  });

  it('keeps a reserve below the open-files limit: a new page still opens and is told why it cannot have a socket', { timeout: 90_000 }, async () => {
    // 1024 files: the pages together may hold 1024 - 512 - 64 sessions = 448 descriptors
    const lab = await startLab([], { launcher: ['prlimit', '--nofile=1024:1024', '--'] });
    labs.push(lab);
    const pid = lab.bridge.process.pid!;
    let peak = 0;
    const pages: Page[] = [];
    let taken = 0;
    for (let p = 0; p < 10; p++) {
      const page = await lab.page();
      pages.push(page);
      taken += await fill(page, 'p', 3);
      peak = Math.max(peak, fdCount(pid));
    }
    const totals = pages
      .flatMap((p) => p.client.history)
      .filter((e) => e.type === 'socket.error' && e.code === 'LAB_QUOTA_FILES' && /in total/.test(e.message));
    console.log(`ten pages: relays took ${taken} clients, bridge descriptors at most ${peak} of 1024`);
    expect(totals.length).toBeGreaterThan(0);
    expect(peak).toBeLessThan(1024 - 256);
    expect(lab.bridge.output()).not.toMatch(/EMFILE/);

    // a new page opens, and its request is refused with the reason
    const late = await lab.page();
    expect(late.client.hello).toBeDefined();
    const refused = await rejection(late.client.udpOpen('one-more'));
    expect(refused.code).toBe('LAB_QUOTA_FILES');
    // once a page leaves, its descriptors are given back
    pages[0]!.client.close();
    await once(pages[0]!.ws, 'close');
    await expect
      .poll(
        async () =>
          await late.client.udpOpen(`again${Date.now()}`).then(
            () => true,
            () => false,
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
  });
});
