// What a socket needs from the session that owns it, and what every socket offers the session.
import type { Socket } from 'node:net';
import type { Address, EventBody, RequestOf } from '../../protocol/messages.js';
import type { ReportedCode } from '../../protocol/errors.js';
import { tcpRoute } from '../lab/hub.js';
import type { DestinationPolicy } from '../policy.js';
import type { Limits } from '../quota.js';
import type { QueueBudget } from '../relay/queue.js';

export interface SessionOwner {
  readonly policy: DestinationPolicy;
  readonly limits: Limits;
  /** What every relay of the bridge keeps on its way, together. */
  readonly relayQueue: QueueBudget;
  readonly isPaused: boolean;
  emit(event: EventBody): void;
  error(code: ReportedCode, message: string | undefined, extra?: { sock?: string; req?: number; call?: string }): void;
  adopt<E extends SocketEntry>(id: string, make: () => E, req?: number): E | undefined;
  release(id: string, entry: SocketEntry): void;
  beginConnect(sock: string, req?: number): boolean;
  endConnect(): void;
  holdInput(): () => void;
  /** Takes file descriptors beyond the socket's own (a relay's clients), or says why not. */
  takeFiles(n: number): string | undefined;
  giveFiles(n: number): void;
  /** This socket's address takes part in exchanges with the lab's servers (see lab/hub.ts). */
  claimRoute(key: string): () => void;
}

/** One socket of a session. Calls that do not fit the socket's kind or state answer with
 * LAB_WRONG_STATE, as Python raises when you send() on a listening socket. */
export abstract class SocketEntry {
  protected closed = false;
  private readonly routes = new Set<() => void>();

  constructor(
    protected readonly owner: SessionOwner,
    readonly id: string,
  ) {}

  abstract readonly kind: 'udp' | 'tcp' | 'welcoming' | 'relay';

  protected wrongState(call: string, req?: number, why?: string): void {
    this.owner.error('LAB_WRONG_STATE', why ?? `${call}() does not fit a ${this.describe()}.`, { sock: this.id, req, call });
  }

  /** Reports an event of this socket. Sockets with a state (protocol/socket-states.ts) move it by
   * the same table the page folds the event with, as they report it, so the two never disagree. */
  protected report(event: EventBody): void {
    this.owner.emit(event);
  }

  protected describe(): string {
    const names = { udp: 'UDP socket', tcp: 'TCP connection socket', welcoming: 'welcoming (listening) socket', relay: 'relay' } as const;
    return names[this.kind];
  }

  sendTo(request: RequestOf<'udp.send'>): void {
    this.wrongState('sendto', request.req, `sendto() is for UDP sockets; ${this.id} is a ${this.describe()}: use send().`);
  }
  send(request: RequestOf<'tcp.send'>): void {
    this.wrongState('send', request.req);
  }
  shutdown(request: RequestOf<'tcp.shutdown'>): void {
    this.wrongState('shutdown', request.req);
  }
  /** tcp.connect or tcp.listen naming this socket again: a TCP socket answers from its state
   * (connect() twice), any other says its id is taken. */
  reuse(request: RequestOf<'tcp.connect' | 'tcp.listen'>): void {
    this.owner.error('LAB_SOCKET_EXISTS', `A socket named ${JSON.stringify(this.id)} is already open in this session.`, { sock: this.id, req: request.req });
  }
  relayConfigure(request: RequestOf<'relay.configure'>): void {
    this.wrongState('relay.configure', request.req, `${this.id} is a ${this.describe()}, not a relay.`);
  }
  relayHold(request: RequestOf<'relay.hold'>): void {
    this.wrongState('relay.hold', request.req, `${this.id} is a ${this.describe()}, not a relay.`);
  }
  relayStep(request: RequestOf<'relay.step'>): void {
    this.wrongState('relay.step', request.req, `${this.id} is a ${this.describe()}, not a relay.`);
  }
  relayDrop(request: RequestOf<'relay.drop'>): void {
    this.wrongState('relay.drop', request.req, `${this.id} is a ${this.describe()}, not a relay.`);
  }
  abstract close(req?: number): void;
  /** Session backpressure: stop reading from the network for now. */
  pause(): void {}
  resume(): void {}
  /** Releases the OS resource at once, without events: the session is gone. Safe to call twice. */
  abstract dispose(): void;

  /** The lab's events about exchanges from this address go to this session; released on close. */
  protected route(key: string): () => void {
    const release = this.owner.claimRoute(key);
    this.routes.add(release);
    return () => {
      release();
      this.routes.delete(release);
    };
  }

  /** Claims a TCP connection being made to `remote`. connect(2) is issued on the next tick, and
   * from then on the socket's local port is known; the lab server cannot accept the connection
   * before this process returns to its event loop, so the claim is always there first. */
  protected routeConnection(socket: Socket, remote: Pick<Address, 'address' | 'port'>): () => void {
    let release: (() => void) | undefined;
    let released = false;
    process.nextTick(() => {
      if (released || socket.localPort === undefined || !socket.localAddress) return;
      release = this.route(tcpRoute({ address: socket.localAddress, port: socket.localPort }, remote));
    });
    return () => {
      released = true;
      release?.();
    };
  }

  /** Marks the socket closed, reports it and gives its slot back, exactly once. */
  protected finish(reason: 'local' | 'peer' | 'error' | 'session' | 'server'): void {
    if (this.closed) return;
    for (const release of [...this.routes]) release();
    this.closed = true;
    this.report({ type: 'socket.closed', sock: this.id, reason });
    this.owner.release(this.id, this);
  }
}
