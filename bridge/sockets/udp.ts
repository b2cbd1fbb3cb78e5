// A UDP socket of the page: bind, sendto, recvfrom(bufsize), close. Its state (unbound, bound,
// closed: protocol/socket-states.ts) moves as it reports udp.bound and socket.closed.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Address, EventBody, RequestOf } from '../../protocol/messages.js';
import { isUdpEvent, nextUdpState, udpRefusalMessage, type UdpState } from '../../protocol/socket-states.js';
import { address, addressOf, localOf, osError } from '../events.js';
import { udpRoute } from '../lab/hub.js';
import { SocketEntry, type SessionOwner } from './owner.js';

export class UdpEndpoint extends SocketEntry {
  readonly kind = 'udp';
  private readonly socket: Socket;
  private dropped = 0;
  private state: UdpState = 'unbound';
  /** The address bind() gave, read once: it cannot change afterwards, and asking the kernel again
   * (getsockname) for every datagram sent and received was a measurable share of the CPU per
   * message (see docs/performance.md). */
  private local: Address | undefined;

  constructor(
    owner: SessionOwner,
    id: string,
    host: string,
    port: number,
    private readonly bufsize: number,
    req?: number,
  ) {
    super(owner, id);
    this.socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    this.socket.on('error', (error) => {
      const { code, message } = osError(error);
      const bound = this.state === 'bound';
      this.owner.error(code, message, { sock: this.id, req: bound ? undefined : req, call: bound ? 'recvfrom' : 'bind' });
      if (!bound) this.teardown('error');
    });
    this.socket.on('message', (msg, rinfo) => this.received(msg, rinfo));
    this.socket.bind({ address: host, port, exclusive: true }, () => {
      this.local = localOf(this.socket);
      if (this.local) this.route(udpRoute(this.local));
      if (this.local) this.report({ type: 'udp.bound', sock: this.id, req, local: this.local, bufsize: this.bufsize });
    });
  }

  protected override report(event: EventBody): void {
    if (isUdpEvent(event.type) && 'sock' in event && event.sock === this.id) this.state = nextUdpState(this.state, event.type);
    super.report(event);
  }

  private received(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.owner.isPaused) {
      this.dropped++; // the page is behind: drop and count, never queue without bound
      return;
    }
    if (this.dropped > 0) this.flushDropped();
    const local = this.local;
    if (!local) return;
    const kept = msg.length > this.bufsize ? msg.subarray(0, this.bufsize) : msg;
    this.owner.emit({
      type: 'udp.received',
      sock: this.id,
      from: address(rinfo),
      to: local,
      data: kept.toString('base64'),
      size: msg.length,
      truncated: kept.length < msg.length,
    });
  }

  private flushDropped(): void {
    this.owner.emit({ type: 'udp.dropped', sock: this.id, count: this.dropped });
    this.owner.error('LAB_DROPPED', `${this.dropped} datagrams arrived while the page was behind and were dropped.`, { sock: this.id, call: 'recvfrom' });
    this.dropped = 0;
  }

  override resume(): void {
    if (this.dropped > 0) this.flushDropped();
  }

  override sendTo(request: RequestOf<'udp.send'>): void {
    const { req } = request;
    const refused = udpRefusalMessage(this.state, 'sendto');
    if (refused !== undefined) return this.wrongState('sendto', req, refused);
    void this.owner.policy.resolve(request.host, request.port, 'udp').then((verdict) => {
      if (this.closed) return;
      if (!verdict.ok) return this.owner.error(verdict.code, verdict.message, { sock: this.id, req, call: 'sendto' });
      const local = this.local;
      const wantV6 = verdict.family === 6;
      if (!local || (local.family === 'IPv6') !== wantV6) {
        return this.wrongState('sendto', req, `This socket is ${local?.family ?? 'closed'}; it cannot send to ${verdict.address}.`);
      }
      const payload = Buffer.from(request.data, 'base64');
      this.socket.send(payload, request.port, verdict.address, (error) => {
        if (error) {
          const { code, message } = osError(error);
          return this.owner.error(code, message, { sock: this.id, req, call: 'sendto' });
        }
        this.owner.emit({
          type: 'udp.sent',
          sock: this.id,
          req,
          from: local,
          to: addressOf(verdict.address, request.port),
          size: payload.length,
          data: request.data,
        });
      });
    });
  }

  close(): void {
    this.teardown('local');
  }

  private teardown(reason: 'local' | 'error'): void {
    if (this.closed) return;
    try {
      this.socket.close();
    } catch {
      // never bound: nothing to close
    }
    this.finish(reason);
  }

  dispose(): void {
    this.closed = true;
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}
