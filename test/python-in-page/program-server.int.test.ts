// Python in the page's socket calls answered in the socket worker, against the real bridge: the
// worker's relay holds the page's one WebSocket, the page's client talks through it (SocketThread),
// and a stand-in for the Python worker posts calls and reads answers from the shared buffer as the
// real one does. The page must still see every frame of the program's sockets (the flow draws
// them), and Stop, closing and the lab's hints must work as when the page answered the calls.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { LabClient } from '../../protocol/client.js';
import type { Event } from '../../protocol/messages.js';
import { SocketRelay, type FromSocketWorker, type ToSocketWorker } from '../../web/lab/socket-relay.js';
import { SocketThread, type WorkerLike } from '../../web/lab/socket-thread.js';
import { ANSWERED, ASKED, awaitAnswer, clearStopped, createBuffers, markAsked, markStopped, STATE, type ChannelBuffers } from '../../web/python/channel.js';
import { ProgramLine } from '../../web/python/program-line.js';
import { PROGRAM_FIRST_REQ, ProgramServer } from '../../web/python/program-server.js';
import { startBridgeProcess, type RunningBridge } from '../support/bridge-process.js';

let bridge: RunningBridge;
beforeAll(async () => {
  bridge = await startBridgeProcess();
});
afterAll(() => bridge.stop());

const b64 = (text: string) => Buffer.from(text).toString('base64');
/** Atomics.waitAsync (Node has it; the ES2022 library does not name it). */
const atomics = Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } };

/** The Python worker's side, without Python: post a call to the socket worker, wait for the answer. */
function pythonSide(buffers: ChannelBuffers, port: MessagePort) {
  const slots = new Int32Array(buffers.control, 0, 4);
  return async (op: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    markAsked(buffers.control);
    port.postMessage({ op, args: JSON.stringify(args) });
    while (Atomics.load(slots, STATE) !== ANSWERED) {
      const wait = atomics.waitAsync(slots, STATE, ASKED);
      if (wait.async) await wait.value;
    }
    return JSON.parse(awaitAnswer(buffers.control)) as Record<string, unknown>;
  };
}

/** The page with its socket worker in this process, one interpreter attached. */
async function setup() {
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message: ToSocketWorker) {
      if (message.kind === 'attach') new ProgramServer(relay, message.buffers, message.program, message.host);
      else relay.receive(message);
    },
    terminate: () => undefined,
  };
  const relay = new SocketRelay(
    (message) => worker.onmessage?.({ data: message } as MessageEvent<FromSocketWorker>),
    (url) => new WebSocket(url, { origin: bridge.origin }),
  );
  const thread = new SocketThread(() => worker);
  const page = await LabClient.connect(`${bridge.wsUrl}?token=${bridge.token}`, thread.open);
  const seen: Event[] = [];
  page.onEvent((event) => seen.push(event));
  const buffers = createBuffers();
  const ports = thread.attach(buffers)!;
  const calls: string[] = [];
  const line = new ProgramLine(ports.host, {
    onCall: (op, at) => calls.push(`${op}@${at}`),
    hint: (code) => Promise.resolve(`the page's words for ${code}`),
  });
  return { page, seen, buffers, line, calls, call: pythonSide(buffers, ports.program), close: () => (ports.program.close(), page.close()) };
}

describe('the socket worker answering a program in the page', () => {
  it("answers sendto and recvfrom to udp-upper itself, while the page sees every frame of the program's socket", async () => {
    const lab = await setup();
    const upper = bridge.servers['udp-upper']!;
    expect(await lab.call('udp.open', { sock: 'prog-1', port: 0, line: 3 })).toMatchObject({ local: { address: '127.0.0.1' } });
    expect(await lab.call('udp.send', { sock: 'prog-1', host: '127.0.0.1', port: upper, data: b64('hello'), line: 4 })).toEqual({ size: 5 });
    expect(await lab.call('recvfrom', { sock: 'prog-1', timeout: null, line: 5 })).toMatchObject({ data: b64('HELLO'), size: 5, from: { port: upper } });
    // the page's client saw the program's requests answered, numbered apart from its own
    await lab.page.waitFor('udp.received', (e) => e.sock === 'prog-1');
    const bound = lab.seen.find((e) => e.type === 'udp.bound' && e.sock === 'prog-1');
    expect(bound && 'req' in bound ? bound.req : 0).toBeGreaterThanOrEqual(PROGRAM_FIRST_REQ);
    expect(lab.seen.filter((e) => 'sock' in e && e.sock === 'prog-1').map((e) => e.type)).toEqual(['udp.bound', 'udp.sent', 'udp.received']);
    // the editor's line of each call reaches the page
    await vi.waitFor(() => expect(lab.calls).toEqual(['bind@3', 'sendto@4', 'recvfrom@5']));
    // the page's own requests are unaffected
    await lab.page.udpOpen('page-1');
    await lab.line.closeAll();
    await lab.page.waitFor('socket.closed', (e) => e.sock === 'prog-1');
    lab.close();
  });

  it('Stop interrupts a recvfrom waiting in the socket worker, and every call after it until the next run', async () => {
    const lab = await setup();
    await lab.call('udp.open', { sock: 'prog-2', port: 0 });
    const waiting = lab.call('recvfrom', { sock: 'prog-2', timeout: null });
    // the call has reached the socket worker: Stop must end it there, not raise a second interrupt
    await vi.waitFor(() => expect(lab.calls).toContain('recvfrom@0'));
    markStopped(lab.buffers);
    lab.line.stop();
    expect(await waiting).toEqual({ error: 'interrupted' });
    expect(Atomics.load(new Int32Array(lab.buffers.interrupt), 0)).toBe(0);
    expect(await lab.call('recvfrom', { sock: 'prog-2', timeout: null })).toEqual({ error: 'interrupted' });
    clearStopped(lab.buffers);
    expect(await lab.call('recvfrom', { sock: 'prog-2', timeout: 0 })).toEqual({ error: 'EAGAIN' });
    // the program ended: what it left open is closed, as the OS does at exit
    await lab.line.closeAll();
    await lab.page.waitFor('socket.closed', (e) => e.sock === 'prog-2');
    lab.close();
  });

  it("gives a lab refusal the page's words, and lets a departed interpreter's socket go", async () => {
    const lab = await setup();
    expect(await lab.call('udp.send', { sock: 'ghost', host: '127.0.0.1', port: 9, data: b64('x') })).toMatchObject({
      error: 'LAB_NO_SUCH_SOCKET',
      hint: "the page's words for LAB_NO_SUCH_SOCKET",
    });
    await lab.call('udp.open', { sock: 'prog-3', port: 0 });
    await lab.line.detach();
    await lab.page.waitFor('socket.closed', (e) => e.sock === 'prog-3');
    lab.close();
  });
});
