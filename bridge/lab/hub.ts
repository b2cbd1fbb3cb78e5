// The lab's own servers report their side of every exchange here. The hub stamps each event once
// and hands it only to the session that took part in the exchange, so the cost of a round trip
// does not grow with the number of pages open.
//
// How a session is matched to an exchange: each socket a session opens towards the lab claims its
// own address here (a UDP socket: its local address:port once bound; a TCP client or a relay's
// server-facing connection: its local address:port together with the lab server's address, once
// connect() has been issued). A lab server reports the peer it sees: the `from` of udp.received,
// the `to` of udp.sent, the `remote` of tcp.accepted. That peer is the local address of the
// session's socket, so the claim names the session. A TCP connection keeps the session it was
// accepted for until its socket.closed.
//
// An exchange no session took part in (the student's own UDPClient.py, a Python server replying to
// the wrong port, an event about the lab server itself) is shown to every page, within a budget of
// frames per second shared by all of them: a student still sees their own program talk to the lab,
// and a local flood costs the bridge a bounded amount however many pages are open. What does not fit
// is counted for every page it would have gone to, and each is told (session.heldBack,
// bridge/held-back.ts).
import type { EventBody } from '../../protocol/messages.js';
import { stamp } from '../clock.js';
import type { HeldBackReason } from '../held-back.js';
import { TokenBucket } from '../quota.js';
import type { Peer } from './server.js';

export interface LabListener {
  sendRaw(text: string): void;
  /** `count` lab events meant for this listener were not sent. */
  heldBack(reason: HeldBackReason, count: number): void;
}

/** The key of a UDP socket's local address. */
export function udpRoute(local: Peer): string {
  return `udp ${local.address}:${local.port}`;
}

/** The key of a TCP connection: the session's end, then the lab server's end. */
export function tcpRoute(local: Peer, remote: Peer): string {
  return `tcp ${local.address}:${local.port} ${remote.address}:${remote.port}`;
}

/** Frames per second, summed over every page, for exchanges no session took part in. */
export const OUTSIDER_FRAMES_PER_SECOND = 2000;

export class LabHub {
  private readonly listeners = new Set<LabListener>();
  private readonly routes = new Map<string, LabListener>();
  /** Lab connection id → the session it was accepted for (undefined: no session took part). */
  private readonly connections = new Map<string, LabListener | undefined>();
  private readonly outsiders: TokenBucket;
  /** Frames of exchanges no session took part in that did not fit the budget. */
  outsiderFramesDropped = 0;

  /** `framesPerSecond`: the budget for exchanges no session took part in; `now`: its clock, in ms
   * (a test gives its own). */
  constructor(framesPerSecond = OUTSIDER_FRAMES_PER_SECOND, now?: () => number) {
    this.outsiders = new TokenBucket(framesPerSecond, framesPerSecond, now);
  }

  add(listener: LabListener): () => void {
    this.listeners.add(listener);
    return () => {
      // a connection accepted for a session that has gone stays its own until it closes: its
      // events go nowhere rather than to everyone
      this.listeners.delete(listener);
      for (const [key, owner] of this.routes) if (owner === listener) this.routes.delete(key);
    };
  }

  /** A session's socket took this address: the lab's events about it go to that session only.
   * Returns the release, safe to call twice. */
  claim(key: string, listener: LabListener): () => void {
    this.routes.set(key, listener);
    return () => {
      if (this.routes.get(key) === listener) this.routes.delete(key);
    };
  }

  /** A lab server's connection from `remote` to its `local` address was made by a page's socket. */
  fromPage = (remote: Peer, local: Peer): boolean => this.routes.has(tcpRoute(remote, local));

  emit = (event: EventBody): void => {
    if (this.listeners.size === 0) return;
    const owner = this.ownerOf(event);
    if (owner) {
      if (this.listeners.has(owner)) owner.sendRaw(stamp(event));
      return;
    }
    if (!this.outsiders.take(this.listeners.size)) {
      this.outsiderFramesDropped += this.listeners.size;
      for (const listener of this.listeners) listener.heldBack('outside', 1);
      return;
    }
    const text = stamp(event);
    for (const listener of this.listeners) listener.sendRaw(text);
  };

  private ownerOf(event: EventBody): LabListener | undefined {
    switch (event.type) {
      case 'udp.received':
        return this.routes.get(udpRoute(event.from));
      case 'udp.sent':
        return this.routes.get(udpRoute(event.to));
      case 'tcp.accepted': {
        const owner = this.routes.get(tcpRoute(event.remote, event.local));
        this.connections.set(event.conn, owner);
        return owner;
      }
      default: {
        if (!('sock' in event) || event.sock === undefined) return undefined;
        const owner = this.connections.get(event.sock);
        if (event.type === 'socket.closed') this.connections.delete(event.sock);
        return owner;
      }
    }
  }
}
