// Hand-made bridge events for the rules' and the code panel's tests.
import type { Address, Event, LabServerStatus } from '../../../protocol/messages.js';
import { bytesToBase64 } from '../../../protocol/base64.js';
import type { TraceEntry } from '../../../web/lab/state.js';

export const addr = (port: number): Address => ({ address: '127.0.0.1', port, family: 'IPv4' });
export const b64 = (text: string) => bytesToBase64(new TextEncoder().encode(text));
export const SECOND = 1_000_000;

export const UDP_UPPER: LabServerStatus = { name: 'udp-upper', proto: 'udp', port: 12000, state: 'running', sock: 'lab:udp-upper' };
export const TCP_UPPER: LabServerStatus = { name: 'tcp-upper', proto: 'tcp', port: 12000, state: 'running', sock: 'lab:tcp-upper' };

/** Numbers events as the store does. */
export function trace(...events: Event[]): TraceEntry[] {
  return events.map((event, i) => ({ seq: i + 1, event }));
}

export const udpSent = (t: number, sock: string, from: number, to: number, text: string): Event => ({
  type: 'udp.sent', t, sock, from: addr(from), to: addr(to), size: new TextEncoder().encode(text).length, data: b64(text),
});
export const udpReceived = (t: number, sock: string, from: number, to: number, text: string, truncated = false): Event => ({
  type: 'udp.received', t, sock, from: addr(from), to: addr(to), data: b64(text), size: new TextEncoder().encode(text).length, truncated,
});
export const udpBound = (t: number, sock: string, port: number): Event => ({ type: 'udp.bound', t, sock, local: addr(port), bufsize: 2048 });
export const tcpConnecting = (t: number, sock: string, to: number): Event => ({ type: 'tcp.connecting', t, sock, remote: addr(to) });
export const tcpConnected = (t: number, sock: string, local: number, remote: number): Event => ({ type: 'tcp.connected', t, sock, local: addr(local), remote: addr(remote) });
export const tcpSent = (t: number, sock: string, text: string): Event => ({ type: 'tcp.sent', t, sock, size: new TextEncoder().encode(text).length, data: b64(text) });
export const tcpReceived = (t: number, sock: string, text: string): Event => ({ type: 'tcp.received', t, sock, size: new TextEncoder().encode(text).length, data: b64(text) });
export const tcpListening = (t: number, sock: string, port: number): Event => ({ type: 'tcp.listening', t, sock, local: addr(port), backlog: 1 });
export const tcpAccepted = (t: number, sock: string, conn: string, local: number, remote: number): Event => ({
  type: 'tcp.accepted', t, sock, conn, local: addr(local), remote: addr(remote),
});
export const closed = (t: number, sock: string): Event => ({ type: 'socket.closed', t, sock, reason: 'local' });
export const refused = (t: number, sock: string): Event => ({ type: 'socket.error', t, sock, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', call: 'connect' });
