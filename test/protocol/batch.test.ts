// The batch frame (protocol/batch.ts): built without parsing its events again, read back in order,
// refused whole when it breaks the contract; and the client takes both kinds of frame.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { batchFrame, MAX_BATCH_EVENTS } from '../../protocol/batch.js';
import { LabClient, type WebSocketLike } from '../../protocol/client.js';
import { parseEvent, parseFrame } from '../../protocol/codec.js';
import type { Event } from '../../protocol/messages.js';

const received = (i: number) => ({
  type: 'udp.received',
  t: 1000 + i,
  sock: 'srv',
  from: { address: '127.0.0.1', port: 40000, family: 'IPv4' },
  to: { address: '127.0.0.1', port: 12000, family: 'IPv4' },
  data: 'aGk=',
  size: 2,
  truncated: false,
});
const texts = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify(received(i)));

describe('batch frames', () => {
  it('a single event is sent as it is, and a batch holds its count and its events in order', () => {
    expect(batchFrame(texts(1))).toBe(texts(1)[0]);
    const frame = batchFrame(texts(3));
    expect(JSON.parse(frame)).toMatchObject({ type: 'batch', n: 3 });
    const parsed = parseFrame(frame);
    expect(parsed.ok && parsed.value.map((e) => e.t)).toEqual([1000, 1001, 1002]);
  });

  it('parseFrame reads a single event as a list of one; parseEvent does not take a batch', () => {
    const one = parseFrame(texts(1)[0]!);
    expect(one.ok && one.value).toHaveLength(1);
    expect(parseEvent(batchFrame(texts(2))).ok).toBe(false);
  });

  it('refuses a batch whose count is wrong, that is empty, too long, or holds an event out of contract', () => {
    const events = texts(2).map((t) => JSON.parse(t) as unknown);
    expect(parseFrame(JSON.stringify({ type: 'batch', n: 3, events }))).toMatchObject({ ok: false, code: 'LAB_BAD_MESSAGE' });
    expect(parseFrame(JSON.stringify({ type: 'batch', n: 0, events: [] })).ok).toBe(false);
    expect(parseFrame(batchFrame(texts(MAX_BATCH_EVENTS))).ok).toBe(true);
    expect(parseFrame(batchFrame(texts(MAX_BATCH_EVENTS + 1))).ok).toBe(false);
    const broken = parseFrame(JSON.stringify({ type: 'batch', n: 2, events: [events[0], { ...(events[1] as object), size: 'x' }] }));
    expect(broken).toMatchObject({ ok: false, code: 'LAB_BAD_MESSAGE' });
    expect(!broken.ok && broken.message).toMatch(/events\.1/);
    expect(parseFrame('{"type":"batch"')).toMatchObject({ code: 'LAB_BAD_JSON' });
  });

  it("docs/protocol.md's example batch is one", () => {
    const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const example = /### Batches[\s\S]*?```json\n(.*)\n```/.exec(doc)![1]!;
    expect(parseFrame(example)).toMatchObject({ ok: true, value: [{ type: 'udp.received' }, { type: 'udp.sent', req: 41 }] });
  });
});

class FakeSocket implements WebSocketLike {
  readyState = 1;
  private readonly handlers = new Map<string, ((ev: never) => void)[]>();
  send(): void {}
  close(): void {}
  addEventListener(type: string, listener: (ev: never) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  deliver(data: string): void {
    for (const h of this.handlers.get('message') ?? []) h({ data } as never);
  }
  closed(code: number): void {
    for (const h of this.handlers.get('close') ?? []) h({ code, reason: '' } as never);
  }
}

describe('LabClient with batches', () => {
  it('hands on every event of a batch in order, as it does single events', () => {
    const socket = new FakeSocket();
    const client = new LabClient(socket);
    const seen: Event[] = [];
    client.onEvent((e) => seen.push(e));
    socket.deliver(texts(1)[0]!);
    socket.deliver(batchFrame(texts(4)));
    expect(seen.map((e) => e.t)).toEqual([1000, 1000, 1001, 1002, 1003]);
    expect(client.history).toHaveLength(5);
  });

  it('a listener that throws does not cost the others the rest of the batch', () => {
    const socket = new FakeSocket();
    const client = new LabClient(socket);
    const seen: number[] = [];
    client.onEvent((e) => {
      if (e.t === 1001) throw new Error('a panel broke');
    });
    client.onEvent((e) => seen.push(e.t));
    expect(() => socket.deliver(batchFrame(texts(3)))).toThrow('a panel broke');
    // as with single events, the listeners after the one that threw miss that event; the batch's
    // later events still reach everyone
    expect(seen).toEqual([1000, 1002]);
  });

  it('resolves a waiting request from inside a batch', async () => {
    const socket = new FakeSocket();
    const client = new LabClient(socket);
    const waiting = client.next('udp.received', (e) => e.t === 1002);
    socket.deliver(batchFrame(texts(3)));
    await expect(waiting).resolves.toMatchObject({ t: 1002 });
  });

  it('whoever awaited an event of a batch runs before the next one, so it can wait for that one', async () => {
    const socket = new FakeSocket();
    const client = new LabClient(socket);
    const order: string[] = [];
    client.onEvent((e) => order.push(`event ${e.t}`));
    const conversation = (async () => {
      await client.next('udp.received', (e) => e.t === 1000);
      order.push('awaited 1000');
      // a helper that awaits in turn: more than one microtask later
      await Promise.resolve();
      return client.next('udp.received');
    })();
    socket.deliver(batchFrame(texts(3)));
    await expect(conversation).resolves.toMatchObject({ t: 1001 });
    expect(order.slice(0, 3)).toEqual(['event 1000', 'awaited 1000', 'event 1001']);
  });

  it('does the same when the next event comes in another frame of the same task', async () => {
    // Node's ws hands on every frame of one read in one task; the socket worker hands a busy page
    // the frames that came meanwhile in one message
    const socket = new FakeSocket();
    const client = new LabClient(socket);
    const conversation = (async () => {
      await client.next('udp.received', (e) => e.t === 1000);
      await Promise.resolve();
      return client.next('udp.received');
    })();
    const [first, second] = texts(2);
    socket.deliver(first!);
    socket.deliver(second!);
    await expect(conversation).resolves.toMatchObject({ t: 1001 });
  });

  it('does the same where there is no setImmediate (a browser: a MessageChannel)', async () => {
    const saved = globalThis.setImmediate;
    // the client picks its way at import: import a fresh copy without setImmediate
    vi.resetModules();
    (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
    let Client: typeof LabClient;
    try {
      ({ LabClient: Client } = await import('../../protocol/client.js'));
    } finally {
      globalThis.setImmediate = saved;
    }
    const socket = new FakeSocket();
    const client = new Client(socket);
    const conversation = (async () => {
      await client.next('udp.received', (e) => e.t === 1000);
      await Promise.resolve();
      return client.next('udp.received');
    })();
    socket.deliver(batchFrame(texts(3)));
    await expect(conversation).resolves.toMatchObject({ t: 1001 });
  });

  it('a close after a batch is handled after the batch', async () => {
    const socket = new FakeSocket();
    const client = new LabClient(socket);
    const first = client.next('udp.received');
    socket.deliver(batchFrame(texts(2)));
    const last = client.next('udp.received', (e) => e.t === 1001);
    socket.closed(1000);
    await expect(first).resolves.toMatchObject({ t: 1000 });
    await expect(last).resolves.toMatchObject({ t: 1001 });
    expect(client.closed).toEqual({ code: 1000, reason: '' });
  });
});
