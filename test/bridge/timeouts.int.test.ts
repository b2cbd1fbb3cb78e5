// The bridge lets go of clients that stop talking: a WebSocket that no longer answers pings is
// dropped after the heartbeat, and an HTTP request whose headers or body never finish is answered
// 408 and closed at the server's timeout. The bridge runs with its timeouts shortened through
// SOCKET_LAB_TIMEOUTS, and every bound below is derived from those values; the tests wait on
// events (close, ping), never on a clock.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLab, type Lab } from './helpers/lab.js';

const HEARTBEAT_MS = 400;
const HEADERS_MS = 800;
const REQUEST_MS = 1200;
/** Node checks the HTTP timeouts once a second at most (bridge/server.ts). */
const CHECK_MS = 1000;
/** Room for a busy machine on top of a bound. */
const SLACK_MS = 10_000;

let lab: Lab;

beforeAll(async () => {
  lab = await startLab([], { env: { SOCKET_LAB_TIMEOUTS: `heartbeatMs=${HEARTBEAT_MS},headersTimeoutMs=${HEADERS_MS},requestTimeoutMs=${REQUEST_MS}` } });
});
afterAll(() => lab.stop());

/** Opens a raw TCP connection to the bridge, writes `text`, and resolves when the bridge closes
 * it, with what it answered and how long it took. */
async function halfRequest(text: string): Promise<{ answer: string; ms: number }> {
  const socket: Socket = connect(lab.bridge.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const began = performance.now();
  let answer = '';
  socket.setEncoding('utf8').on('data', (d: string) => (answer += d));
  socket.on('error', () => {});
  socket.write(text);
  await new Promise((resolve) => socket.once('close', resolve));
  return { answer, ms: performance.now() - began };
}

describe('the heartbeat', () => {
  it('drops a WebSocket that stops answering pings, after one heartbeat without a pong', { timeout: 30_000 }, async () => {
    const url = `${lab.bridge.wsUrl}?token=${lab.bridge.token}`;
    const mute = new WebSocket(url, { origin: lab.bridge.origin, autoPong: false });
    let pings = 0;
    mute.on('ping', () => pings++);
    const closed = new Promise<number>((resolve) => mute.once('close', resolve));
    // a page that answers (ws does by itself) is the control: it stays
    const live = new WebSocket(url, { origin: lab.bridge.origin });
    await new Promise((resolve) => mute.once('open', resolve));
    const began = performance.now();
    const code = await closed;
    const ms = performance.now() - began;
    console.log(`a WebSocket without pongs dropped after ${ms.toFixed(0)} ms (heartbeat ${HEARTBEAT_MS} ms), ${pings} ping(s) unanswered; close code ${code}`);
    // pinged at one heartbeat (so not dropped before it), dropped at the next: no close frame, as
    // the protocol says (1006)
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(code).toBe(1006);
    expect(ms).toBeLessThan(2 * HEARTBEAT_MS + SLACK_MS);
    // the answering page has been pinged since, and is still open
    await new Promise((resolve) => live.once('ping', resolve));
    await new Promise((resolve) => live.once('ping', resolve));
    expect(live.readyState).toBe(WebSocket.OPEN);
    live.close();
  });
});

describe('HTTP timeouts', () => {
  it('answers 408 and closes a request whose headers never end, at the headers timeout', { timeout: 30_000 }, async () => {
    const { answer, ms } = await halfRequest(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${lab.bridge.port}\r\nX-Slow: `);
    console.log(`headers that never end: closed after ${ms.toFixed(0)} ms (headersTimeoutMs ${HEADERS_MS}): ${JSON.stringify(answer.split('\r\n')[0])}`);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(HEADERS_MS);
    expect(ms).toBeLessThan(HEADERS_MS + CHECK_MS + SLACK_MS);
  });

  it(
    'answers a request whose body never comes (the bridge takes only GET) and closes it at the request timeout at the latest',
    { timeout: 30_000 },
    async () => {
      const { answer, ms } = await halfRequest(
        `POST / HTTP/1.1\r\nHost: 127.0.0.1:${lab.bridge.port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":`,
      );
      console.log(`a body that never comes: closed after ${ms.toFixed(0)} ms (requestTimeoutMs ${REQUEST_MS}): ${JSON.stringify(answer.split('\r\n')[0])}`);
      expect(answer).toMatch(/^HTTP\/1\.1 405 /);
      expect(ms).toBeLessThan(REQUEST_MS + CHECK_MS + SLACK_MS);
    },
  );
});
