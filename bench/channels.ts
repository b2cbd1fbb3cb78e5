// One "channel" per way of reaching a target: a direct Node socket, or a WebSocket that speaks the
// lab protocol to a relay (the reference or the bridge). Every channel sends the same payload and
// reports how many payload bytes came back, so one latency loop and one throughput loop serve all.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { Socket } from 'node:net';
import WebSocket from 'ws';
import { wsText } from '../bridge/ws-text.js';
import type { Event, RequestBody } from '../protocol/messages.js';

export interface Channel {
  /** UDP may lose a datagram (and its answer); TCP never loses bytes, only delays them. */
  readonly lossy: boolean;
  /** Sends one message: the payload, once. */
  send(): void;
  /** Payload bytes that came back (one datagram, or one TCP chunk). */
  onBytes: (bytes: number) => void;
  /** The far end refused a message (e.g. LAB_RATE_LIMITED) or dropped some: the code, and how many. */
  onRefused: (code: string, count: number) => void;
  close(): void;
}

const noop = () => {};

export async function directUdp(port: number, payload: Buffer): Promise<Channel> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const channel: Channel = {
    lossy: true,
    send: () => socket.send(payload),
    onBytes: noop,
    onRefused: noop,
    close: () => socket.close(),
  };
  socket.on('message', (msg) => channel.onBytes(msg.length));
  return channel;
}

export async function directTcp(port: number, payload: Buffer): Promise<Channel> {
  const socket = new Socket();
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', resolve);
  });
  const channel: Channel = {
    lossy: false,
    send: () => void socket.write(payload),
    onBytes: noop,
    onRefused: noop,
    close: () => socket.destroy(),
  };
  socket.on('data', (chunk: Buffer) => channel.onBytes(chunk.length));
  return channel;
}

export interface WsEndpoint {
  /** ws://host:port/path?token=... */
  url: string;
  origin: string;
}

/** Opens a WebSocket and waits for the relay's hello. */
export async function openLabSocket(endpoint: WsEndpoint): Promise<WebSocket> {
  const ws = new WebSocket(endpoint.url, { origin: endpoint.origin, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no hello from ${endpoint.url} within 5 s`)), 5000);
    ws.once('error', reject);
    ws.once('message', () => {
      clearTimeout(timer);
      ws.off('error', reject);
      resolve();
    });
  });
  return ws;
}

/** Sends one request and waits for the event `answer` on that socket (or its error). */
export function request(ws: WebSocket, body: RequestBody, answer: Event['type'], timeoutMs = 5000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${answer} within ${timeoutMs} ms`)), timeoutMs);
    const listen = (data: WebSocket.RawData) => {
      const event = JSON.parse(wsText(data)) as Event;
      if (event.type === answer) done(event);
      else if (event.type === 'socket.error') done(new Error(`${event.code}: ${event.message}`));
    };
    const done = (outcome: Event | Error) => {
      clearTimeout(timer);
      ws.off('message', listen);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    ws.on('message', listen);
    ws.send(JSON.stringify(body));
  });
}

/** A lab-protocol channel: udp.send / tcp.send out, udp.received / tcp.received back. The client
 * parses every event with JSON.parse (no schema) the same way for the reference and the bridge. */
function labChannel(ws: WebSocket, sock: string, lossy: boolean, frame: () => string): Channel {
  const channel: Channel = {
    lossy,
    send: () => ws.send(frame()),
    onBytes: noop,
    onRefused: noop,
    close: () => ws.close(),
  };
  ws.on('message', (data) => {
    const event = JSON.parse(wsText(data)) as Event;
    switch (event.type) {
      case 'udp.received':
      case 'tcp.received':
        if (event.sock === sock) channel.onBytes(event.size);
        return;
      case 'udp.dropped':
        if (event.sock === sock) channel.onRefused('udp.dropped', event.count);
        return;
      case 'socket.error':
        if (event.sock === sock && event.code !== 'LAB_DROPPED') channel.onRefused(event.code, 1);
        return;
      default:
        return; // udp.sent, tcp.sent and the lab servers' own events carry no reply bytes
    }
  });
  return channel;
}

export async function labUdp(endpoint: WsEndpoint, targetPort: number, payload: Buffer): Promise<Channel> {
  const ws = await openLabSocket(endpoint);
  await request(ws, { type: 'udp.open', sock: 'u' }, 'udp.bound');
  const data = payload.toString('base64');
  let req = 0;
  return labChannel(ws, 'u', true, () => JSON.stringify({ type: 'udp.send', req: ++req, sock: 'u', host: '127.0.0.1', port: targetPort, data }));
}

export async function labTcp(endpoint: WsEndpoint, targetPort: number, payload: Buffer): Promise<Channel> {
  const ws = await openLabSocket(endpoint);
  await request(ws, { type: 'tcp.connect', sock: 't', host: '127.0.0.1', port: targetPort }, 'tcp.connected');
  const data = payload.toString('base64');
  let req = 0;
  return labChannel(ws, 't', false, () => JSON.stringify({ type: 'tcp.send', req: ++req, sock: 't', data }));
}
