// A WebSocket the test drives by hand: what the page sent, and the bridge's side (accept, refuse,
// any frame). The lab core's tests and the socket worker's use it.
import type { WebSocketLike } from '../../../protocol/client.js';

type Handler = (ev: never) => void;

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  private readonly handlers = new Map<string, Handler[]>();
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.fire('close', { code, reason });
  }
  addEventListener(type: string, listener: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  fire(type: string, ev: unknown): void {
    for (const h of this.handlers.get(type) ?? []) h(ev as never);
  }
  /** The bridge accepts: the socket opens and the hello arrives. */
  accept(session = 's1'): void {
    this.readyState = 1;
    this.fire('open', {});
    const hello = { type: 'hello', t: 0, version: 1, session, servers: [], limits: { maxDataBytes: 65536, socketsPerSession: 64 } };
    this.fire('message', { data: JSON.stringify(hello) });
  }
  /** The upgrade failed (refused or nobody listening): the browser reports close 1006. */
  refuse(): void {
    this.close(1006, '');
  }
}
