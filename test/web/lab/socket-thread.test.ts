// The page's WebSocket held by the socket worker: the Lab connects, sends and hears every frame
// through it as if it held the socket itself, and falls back to a socket of its own when the worker
// cannot start. The worker runs in this process (its relay over fake sockets); no browser.
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../web/lab/lab.js';
import { SocketRelay, type FromSocketWorker, type ToSocketWorker } from '../../../web/lab/socket-relay.js';
import { SocketThread, type WorkerLike } from '../../../web/lab/socket-thread.js';
import { createBuffers } from '../../../web/python/channel.js';
import { FakeSocket } from './fake-socket.js';

/** A socket worker in this process: its relay, the sockets it opened, and whether it starts. */
function fakeWorker(options: { starts?: boolean } = {}) {
  const opened: FakeSocket[] = [];
  const attached: ToSocketWorker[] = [];
  let terminated = false;
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message) {
      if (message.kind === 'attach') attached.push(message);
      else relay.receive(message);
    },
    terminate: () => void (terminated = true),
  };
  const deliver = (message: FromSocketWorker) => worker.onmessage?.({ data: message } as MessageEvent<FromSocketWorker>);
  const relay = new SocketRelay(deliver, (url) => {
    const socket = new FakeSocket(url);
    opened.push(socket);
    return socket;
  });
  return {
    worker,
    relay,
    opened,
    attached,
    terminated: () => terminated,
    start: () => (options.starts === false ? worker.onerror?.({ preventDefault: () => undefined } as ErrorEvent) : deliver({ kind: 'started' })),
  };
}

function labOn(thread: SocketThread) {
  return new Lab({ token: 'secret', wsUrl: 'ws://127.0.0.1:8400/ws', thread, probe: () => Promise.resolve(false), schedule: () => () => undefined });
}

describe('the socket worker holding the page WebSocket', () => {
  it('lets the Lab connect, send and hear every frame through it', async () => {
    const fake = fakeWorker();
    const thread = new SocketThread(() => fake.worker);
    const lab = labOn(thread);
    lab.start();
    fake.start();
    expect(fake.opened.map((s) => s.url)).toEqual(['ws://127.0.0.1:8400/ws?token=secret&batch=1']);
    const socket = fake.opened[0]!;
    socket.accept('s7');
    const client = await lab.ready();
    expect(client.hello?.session).toBe('s7');
    expect(await fake.relay.ready()).toBe(socket);

    const bound = client.udpOpen('udp-client-1');
    expect(JSON.parse(socket.sent[0]!)).toMatchObject({ type: 'udp.open', sock: 'udp-client-1', req: 1 });
    const local = { address: '127.0.0.1', port: 40000, family: 'IPv4' };
    socket.fire('message', { data: JSON.stringify({ type: 'udp.bound', t: 1, sock: 'udp-client-1', req: 1, local, bufsize: 2048 }) });
    expect((await bound).local).toEqual(local);
    // a frame the page did not ask for (another program's socket) reaches its store all the same
    socket.fire('message', { data: JSON.stringify({ type: 'udp.bound', t: 2, sock: 'prog-1', req: 2 ** 30, local, bufsize: 65535 }) });
    // after the answer above, the next frame is handed on in a task of its own (LabClient.drain)
    await new Promise((resolve) => setImmediate(resolve));
    lab.store.flush();
    expect(Object.keys(lab.store.getState().sockets)).toEqual(expect.arrayContaining(['udp-client-1', 'prog-1']));

    // a Python interpreter's channel goes to the worker
    const ports = thread.attach(createBuffers())!;
    expect(fake.attached).toHaveLength(1);
    ports.program.close();
    ports.host.close();

    lab.dispose();
    expect(socket.readyState).toBe(3);
  });

  it('falls back to a WebSocket of the page when the worker cannot start, and answers programs on the page', async () => {
    const fake = fakeWorker({ starts: false });
    const direct: FakeSocket[] = [];
    const thread = new SocketThread(
      () => fake.worker,
      (url) => {
        const socket = new FakeSocket(url);
        direct.push(socket);
        return socket;
      },
    );
    const lab = labOn(thread);
    lab.start();
    fake.start();
    expect(fake.terminated()).toBe(true);
    expect(direct.map((s) => s.url)).toEqual(['ws://127.0.0.1:8400/ws?token=secret&batch=1']);
    direct[0]!.accept();
    const client = await lab.ready();
    client.udpOpen('udp-client-1').catch(() => undefined);
    expect(direct[0]!.sent).toHaveLength(1);
    expect(thread.attach(createBuffers())).toBeUndefined();
    lab.dispose();
  });

  it('keeps programs waiting while the page reconnects, then gives them the new connection', async () => {
    const fake = fakeWorker();
    const thread = new SocketThread(() => fake.worker);
    const first = thread.open('ws://x/ws?token=a');
    fake.start();
    fake.opened[0]!.accept();
    expect(await fake.relay.ready()).toBe(fake.opened[0]);
    first.close(1000);
    let next: unknown;
    void fake.relay.ready().then((socket) => (next = socket));
    thread.open('ws://x/ws?token=a');
    fake.opened[1]!.readyState = 1;
    fake.opened[1]!.fire('open', {});
    await Promise.resolve();
    // open, but the bridge has not said hello yet
    expect(next).toBeUndefined();
    fake.opened[1]!.accept();
    await Promise.resolve();
    expect(next).toBe(fake.opened[1]);
  });

  it('gives a busy page the frames that came meanwhile as one message, in order, and an idle page each at once', () => {
    const posted: FromSocketWorker[] = [];
    const opened: FakeSocket[] = [];
    const relay = new SocketRelay(
      (message) => posted.push(message),
      (url) => {
        const socket = new FakeSocket(url);
        opened.push(socket);
        return socket;
      },
    );
    relay.receive({ kind: 'open', id: 1, url: 'ws://x/ws' });
    const socket = opened[0]!;
    const frames = () => posted.flatMap((m): (string | string[])[] => (m.kind === 'message' || m.kind === 'messages' ? [m.data] : []));
    socket.fire('message', { data: 'a' });
    socket.fire('message', { data: 'b' });
    socket.fire('message', { data: 'c' });
    // the page has not taken 'a' yet: 'b' and 'c' wait
    expect(frames()).toEqual(['a']);
    relay.receive({ kind: 'taken', id: 1 });
    expect(frames()).toEqual(['a', ['b', 'c']]);
    relay.receive({ kind: 'taken', id: 1 });
    // idle again: the next frame goes at once
    socket.fire('message', { data: 'd' });
    expect(frames()).toEqual(['a', ['b', 'c'], 'd']);
    // what waits goes before the close
    socket.fire('message', { data: 'e' });
    socket.close(1000, 'bye');
    expect(posted.slice(-2)).toEqual([
      { kind: 'messages', id: 1, data: ['e'] },
      { kind: 'close', id: 1, code: 1000, reason: 'bye' },
    ]);
  });

  it('tells the worker when the page has taken its frames, and hands each one to the Lab', () => {
    const fake = fakeWorker();
    const taken: number[] = [];
    const post = fake.worker.postMessage.bind(fake.worker);
    fake.worker.postMessage = (message, transfer) => {
      if (message.kind === 'taken') taken.push(message.id);
      post(message, transfer);
    };
    const thread = new SocketThread(() => fake.worker);
    const socket = thread.open('ws://x/ws?token=a');
    fake.start();
    const heard: unknown[] = [];
    socket.addEventListener('message', (ev) => heard.push(ev.data));
    fake.worker.onmessage?.({ data: { kind: 'messages', id: 1, data: ['x', 'y'] } } as MessageEvent<FromSocketWorker>);
    expect(heard).toEqual(['x', 'y']);
    expect(taken).toEqual([1]);
  });
});
