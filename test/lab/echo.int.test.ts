import { afterEach, describe, expect, it } from 'vitest';
import { echoConcurrent } from '../../bridge/lab/echo-concurrent.js';
import { echoIterative } from '../../bridge/lab/echo-iterative.js';
import { echoTcp } from '../../bridge/lab/echo-tcp.js';
import { echoUdp } from '../../bridge/lab/echo-udp.js';
import { decode64, expectValidEvents, runLab, sleep, TestClient, udpClient, waitFor, type LabRun } from './support.js';

let lab: LabRun | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await lab?.close();
  lab = undefined;
});
const client = async (port: number) => {
  const c = await TestClient.connect(port);
  clients.push(c);
  return c;
};

describe('echo-udp', () => {
  it('sends each datagram back unchanged to its sender, and reports both sides', async () => {
    lab = await runLab(echoUdp);
    const peer = await udpClient();
    try {
      await peer.send(lab.port, 'hello 안녕');
      expect((await peer.next(2000))?.toString()).toBe('hello 안녕');
      await waitFor(() => lab!.of('udp.sent').length === 1, 'udp.sent');
      const [received] = lab.of('udp.received');
      expect(decode64(received!.data)).toBe('hello 안녕');
      expect(received!.from.port).toBe(peer.socket.address().port);
      expect(lab.of('udp.sent')[0]!.to.port).toBe(peer.socket.address().port);
      expectValidEvents(lab.events);
    } finally {
      peer.close();
    }
  });
});

describe('echo-tcp (persistent echo)', () => {
  it('echoes every message on one connection until the client closes, then closes in turn', async () => {
    lab = await runLab(echoTcp);
    const c = await client(lab.port);
    c.send('first');
    await c.waitText('first');
    c.send('second');
    await c.waitText('firstsecond');
    c.finish();
    await c.waitClosed();
    expect(c.peerClosed).toBe(true);
    await waitFor(() => lab!.of('socket.closed').length === 1, 'socket.closed');
    const conn = 'lab:echo-tcp#1';
    const kinds = lab.events.filter((e) => 'sock' in e && e.sock === conn).map((e) => e.type);
    expect(kinds).toEqual(['tcp.received', 'tcp.sent', 'tcp.received', 'tcp.sent', 'tcp.peerClosed', 'tcp.finSent', 'socket.closed']);
    expect(lab.of('socket.closed')[0]!.reason).toBe('peer');
    expect(lab.of('tcp.accepted')[0]).toMatchObject({ sock: 'lab:echo-tcp', conn });
    expectValidEvents(lab.events);
  });

  it('keeps serving other clients when one resets its connection', async () => {
    lab = await runLab(echoTcp);
    const rude = await client(lab.port);
    const polite = await client(lab.port);
    rude.send('x');
    await rude.waitText('x');
    rude.socket.resetAndDestroy();
    polite.send('still here');
    await polite.waitText('still here');
    await waitFor(() => lab!.of('socket.closed').length === 1, 'the reset connection to close');
    expect(lab.of('socket.closed')[0]!.sock).toBe('lab:echo-tcp#1');
  });
});

describe('echo-iterative', () => {
  it('makes the second client wait until the first has gone, then accepts and serves it', async () => {
    lab = await runLab(echoIterative);
    const first = await client(lab.port);
    first.send('a1');
    await first.waitText('a1');
    // the second client's connect() succeeds: the kernel completed the handshake
    const second = await client(lab.port);
    second.send('b1');
    // the first is still served after the second has sent
    first.send('a2');
    await first.waitText('a1a2');
    await sleep(50);
    expect(second.text).toBe('');
    expect(lab.of('tcp.accepted').map((e) => e.conn)).toEqual(['lab:echo-iterative#1']);

    first.finish();
    await second.waitText('b1');
    const order = lab.events.map((e) => (e.type === 'tcp.accepted' ? `accepted ${e.conn}` : e.type === 'socket.closed' ? `closed ${e.sock}` : ''));
    expect(order.filter(Boolean)).toEqual(['accepted lab:echo-iterative#1', 'closed lab:echo-iterative#1', 'accepted lab:echo-iterative#2']);
    expectValidEvents(lab.events);
  });

  it('queues every client beyond listen(5) and serves them all in turn, resetting none', async () => {
    lab = await runLab(echoIterative);
    const all = await Promise.all(Array.from({ length: 8 }, () => client(lab!.port)));
    all.forEach((c, i) => c.send(`client ${i}`));
    // the server takes them in the order they arrived: finish whichever got its echo
    const served = new Set<number>();
    while (served.size < all.length) {
      await waitFor(() => all.some((c, i) => !served.has(i) && c.text === `client ${i}`), `echo number ${served.size + 1}`);
      const i = all.findIndex((c, j) => !served.has(j) && c.text === `client ${j}`);
      served.add(i);
      all[i]!.finish();
      await all[i]!.waitClosed();
    }
    expect(all.map((c) => c.error)).toEqual(all.map(() => undefined));
    expect(lab.of('tcp.accepted')).toHaveLength(8);
  });

  it('still serves a waiting client whose bytes and FIN arrived while it waited', async () => {
    lab = await runLab(echoIterative);
    const first = await client(lab.port);
    const second = await client(lab.port);
    second.send('queued');
    second.finish();
    await sleep(30);
    first.destroy();
    await second.waitClosed();
    expect(second.text).toBe('queued');
  });
});

describe('echo-concurrent', () => {
  it('serves a second client while the first is still connected', async () => {
    lab = await runLab(echoConcurrent);
    const first = await client(lab.port);
    first.send('a');
    await first.waitText('a');
    const second = await client(lab.port);
    second.send('b');
    await second.waitText('b');
    expect(first.closed).toBe(false);
    expect(lab.of('tcp.accepted').map((e) => e.conn)).toEqual(['lab:echo-concurrent#1', 'lab:echo-concurrent#2']);
    expect(lab.of('socket.closed')).toEqual([]);
  });

  it('closes its open connections when the server stops', async () => {
    lab = await runLab(echoConcurrent);
    const c = await client(lab.port);
    c.send('a');
    await c.waitText('a');
    const stopped = lab;
    lab = undefined;
    await stopped.close();
    await waitFor(() => c.peerClosed || c.closed, 'the client to see the connection end');
    expect(stopped.of('socket.closed')).toEqual([{ type: 'socket.closed', sock: 'lab:echo-concurrent#1', reason: 'server' }]);
  });
});
