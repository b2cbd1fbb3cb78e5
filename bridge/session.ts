// A session is one page's WebSocket. It owns every socket the page opens: when the WebSocket
// closes, each of them is closed, at once and exactly once. Socket ids are scoped to the session.
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { parseRequest, type Parsed } from '../protocol/codec.js';
import { assertNever, type EventBody, type Request, type RequestOf } from '../protocol/messages.js';
import { DEFAULT_UDP_BUFSIZE } from '../protocol/limits.js';
import { isLabErrorCode, LAB_ERRORS, type ReportedCode } from '../protocol/errors.js';
import { stamp } from './clock.js';
import type { DestinationPolicy } from './policy.js';
import { TokenBucket, type Limits, type SocketCounter } from './quota.js';
import { UdpEndpoint } from './sockets/udp.js';
import { TcpConnection, TcpWelcoming } from './sockets/tcp.js';
import type { SessionOwner, SocketEntry } from './sockets/owner.js';
import { UdpRelay } from './relay/udp-relay.js';
import { TcpRelay } from './relay/tcp-relay.js';
import type { LabHub } from './lab/hub.js';
import type { QueueBudget } from './relay/queue.js';
import type { FairShare } from './share.js';
import { Inbox } from './inbox.js';
import { FrameBatcher } from './batch.js';
import { HeldBack, type HeldBackReason } from './held-back.js';

export interface SessionDeps {
  policy: DestinationPolicy;
  limits: Limits;
  totalSockets: SocketCounter;
  /** File descriptors all sessions' sockets hold together. */
  totalFiles: SocketCounter;
  /** What every relay of the bridge keeps on its way, together. */
  relayQueue: QueueBudget;
  /** The bridge's capacity, shared among the pages sending at the same time. */
  share: FairShare;
  /** Where the lab's servers report; the session claims the addresses of its sockets there. */
  lab: Pick<LabHub, 'claim'>;
  onClose(session: Session): void;
  /** Classroom hooks (bridge/classroom/): every event this session emits, every frame it sends
   * (the instructor may watch it), and a class-wide budget checked after the session's own. */
  observe?(event: EventBody): void;
  tap?(frame: string): void;
  admit?(size: number): boolean;
  /** The page accepts batches (protocol/batch.ts): a burst of events leaves as one frame. */
  batches?: boolean;
}

export class Session implements SessionOwner {
  readonly id = randomBytes(4).toString('hex');
  private readonly sockets = new Map<string, SocketEntry>();
  private readonly routes = new Set<() => void>();
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private badInARow = 0;
  /** The page's frames on their way in, within its share of the bridge. */
  private readonly inbox: Inbox;
  private pending = 0;
  /** File descriptors this session's sockets hold (a relay holds several). */
  private files = 0;
  private paused = false;
  private inputHolds = 0;
  private releaseBehind: (() => void) | undefined;
  private ended = false;
  private alive = true;
  private readonly heartbeat: NodeJS.Timeout;
  /** Where frames wait to leave together, for a page that accepts batches. */
  private readonly out: FrameBatcher | undefined;
  /** Lab events this page was not sent, told to it at most once a second. */
  private readonly held = new HeldBack((counts) => this.emit({ type: 'session.heldBack', ...counts }));

  constructor(
    private readonly ws: WebSocket,
    readonly deps: SessionDeps,
  ) {
    const { limits } = deps;
    this.out = deps.batches ? new FrameBatcher((frame) => this.write(frame)) : undefined;
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst);
    this.inbox = new Inbox(deps.share, {
      holdInput: () => this.holdInput(),
      handleFrame: (data, isBinary) => this.handleFrame(data, isBinary),
      slowed: (perSecond) => this.emit({ type: 'session.slowed', perSecond }),
      refused: () => this.error('LAB_RATE_LIMITED', undefined),
    });
    ws.on('message', (data, isBinary) => this.inbox.push(data as Buffer, isBinary));
    ws.on('close', () => this.end());
    ws.on('error', () => this.end());
    ws.on('pong', () => {
      this.alive = true;
    });
    this.heartbeat = setInterval(() => {
      if (!this.alive) {
        ws.terminate();
        return;
      }
      this.alive = false;
      ws.ping();
    }, limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get policy(): DestinationPolicy {
    return this.deps.policy;
  }
  get limits(): Limits {
    return this.deps.limits;
  }
  get relayQueue(): QueueBudget {
    return this.deps.relayQueue;
  }
  get isPaused(): boolean {
    return this.paused;
  }

  /** Stamps an event with the clock and sends it to the page. When the page falls behind, its TCP
   * sockets are paused until the queued bytes have been written (see resume). */
  emit(event: EventBody): void {
    if (this.ended) return;
    this.deps.observe?.(event);
    this.send(stamp(event), 'req' in event && event.req !== undefined);
  }

  /** Sends a frame that is already stamped and serialized (lab events go to many sessions). While
   * the page is behind, lab events are held back (counted, and the page told): a busy lab server
   * must not queue without bound towards a page that does not read, and they only describe the
   * other end. */
  sendRaw(text: string): void {
    if (this.ended) return;
    if (this.paused) this.held.add('behind', 1);
    else this.send(text);
  }

  /** The lab hub did not send this page `count` events (over the budget for outside traffic). */
  heldBack(reason: HeldBackReason, count: number): void {
    if (!this.ended) this.held.add(reason, count);
  }

  /** `answer`: the event answers one of the page's requests (batches do not hold it back). */
  private send(text: string, answer = false): void {
    this.deps.tap?.(text);
    if (this.out) this.out.push(text, answer);
    else this.write(text);
  }

  /** Writes one frame to the WebSocket. */
  private write(text: string): void {
    if (!this.paused && this.ws.bufferedAmount + text.length > this.limits.highWaterBytes) {
      this.paused = true;
      for (const entry of this.sockets.values()) entry.pause();
      // a page that keeps sending requests but does not read their answers waits too
      this.releaseBehind = this.holdInput();
      this.ws.send(text, () => this.resume());
    } else {
      this.ws.send(text);
    }
  }

  error(code: ReportedCode, message: string | undefined, extra: { sock?: string; req?: number; call?: string } = {}): void {
    const text = message ?? (isLabErrorCode(code) ? LAB_ERRORS[code] : code);
    this.emit({ type: 'socket.error', code, message: text, ...extra });
  }

  private resume(): void {
    if (this.ended || !this.paused) return;
    this.paused = false;
    this.releaseBehind?.();
    this.releaseBehind = undefined;
    for (const entry of this.sockets.values()) entry.resume();
  }

  /** Pauses reading the page's messages while a TCP peer cannot take more (send() would block) or
   * the page is behind; reading goes on when every hold has been released. */
  holdInput(): () => void {
    if (this.inputHolds++ === 0) this.ws.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.inputHolds === 0) this.ws.resume();
    };
  }

  // ---- ownership ------------------------------------------------------------------------------

  claimRoute(key: string): () => void {
    const release = this.deps.lab.claim(key, this);
    this.routes.add(release);
    return () => {
      release();
      this.routes.delete(release);
    };
  }

  /** Registers a new socket under its id, or reports why it cannot be. */
  adopt<E extends SocketEntry>(id: string, make: () => E, req?: number): E | undefined {
    if (this.sockets.has(id)) {
      this.error('LAB_SOCKET_EXISTS', `A socket named ${JSON.stringify(id)} is already open in this session.`, { sock: id, req });
      return undefined;
    }
    if (this.sockets.size >= this.limits.socketsPerSession) {
      this.error('LAB_QUOTA_SOCKETS', `This session already has ${this.sockets.size} open sockets, the most it may hold; close one first.`, { sock: id, req });
      return undefined;
    }
    if (!this.deps.totalSockets.acquire()) {
      this.error('LAB_QUOTA_SOCKETS', 'The bridge holds as many sockets as it allows in total; close some first.', { sock: id, req });
      return undefined;
    }
    const refused = this.takeFiles(1);
    if (refused) {
      this.deps.totalSockets.release();
      this.error('LAB_QUOTA_FILES', refused, { sock: id, req });
      return undefined;
    }
    const entry = make();
    this.sockets.set(id, entry);
    return entry;
  }

  /** Called exactly once by a socket entry when it has closed. */
  release(id: string, entry: SocketEntry): void {
    if (this.sockets.get(id) !== entry) return;
    this.sockets.delete(id);
    this.deps.totalSockets.release();
    this.giveFiles(1);
  }

  /** Takes `n` file descriptors from this session's quota and the bridge's, or says why not. */
  takeFiles(n: number): string | undefined {
    if (this.ended) return 'The session has ended.';
    if (this.files + n > this.limits.filesPerSession) {
      return `This session's sockets already hold ${this.files} file descriptors (a relay holds one for each client and each server connection), the most a page may; close a socket or a relay's clients first.`;
    }
    if (!this.deps.totalFiles.acquire(n)) {
      return "The bridge's sockets hold as many file descriptors as it allows in total (the rest is kept so that new pages can open); close some first.";
    }
    this.files += n;
    return undefined;
  }

  /** Gives back file descriptors taken with takeFiles. */
  giveFiles(n: number): void {
    if (this.ended) return; // end() gave back everything at once
    const given = Math.min(n, this.files);
    this.files -= given;
    this.deps.totalFiles.release(given);
  }

  beginConnect(sock: string, req?: number): boolean {
    if (this.pending >= this.limits.pendingConnects) {
      this.error('LAB_QUOTA_PENDING', `${this.pending} connections are still being set up; wait for one to finish.`, { sock, req });
      return false;
    }
    this.pending++;
    return true;
  }
  endConnect(): void {
    this.pending = Math.max(0, this.pending - 1);
  }

  // ---- requests -------------------------------------------------------------------------------

  private handleFrame(data: Buffer, isBinary: boolean): void {
    const parsed: Parsed<Request> = isBinary
      ? ({ ok: false, code: 'LAB_BAD_MESSAGE', message: 'Binary frames are not part of the protocol; send JSON text.' } as const)
      : parseRequest(data.toString('utf8'));
    // every frame spends a token, malformed ones too: they cost the bridge as much to refuse
    if (!this.messages.take()) {
      this.error('LAB_RATE_LIMITED', undefined, parsed.ok ? { sock: parsed.value.sock, req: parsed.value.req } : { req: parsed.req });
      if (!parsed.ok) this.malformed();
      return;
    }
    if (!parsed.ok) {
      this.error(parsed.code, parsed.message, { req: parsed.req });
      this.malformed();
      return;
    }
    this.badInARow = 0;
    this.out?.requested();
    const request = parsed.value;
    const size = 'data' in request ? (request.data.length * 3) / 4 : 0;
    if ((size > 0 && !this.bytes.take(size)) || this.deps.admit?.(size) === false) {
      this.error('LAB_RATE_LIMITED', undefined, { sock: request.sock, req: request.req });
      return;
    }
    this.handle(request);
  }

  /** Carries out a valid request: the page's, or the instructor's class demo (see classroom/). */
  handle(request: Request): void {
    try {
      this.dispatch(request);
    } catch (error) {
      this.error('LAB_INTERNAL', `${request.type}: ${(error as Error).message}`, { sock: request.sock, req: request.req });
    }
  }

  private malformed(): void {
    if (++this.badInARow >= this.limits.badMessagesInARow) this.closeWs(1008, 'too many malformed messages');
  }

  private dispatch(request: Request): void {
    switch (request.type) {
      case 'udp.open':
        return this.udpOpen(request);
      case 'udp.send':
        return this.withSocket(request, (entry) => entry.sendTo(request));
      case 'tcp.connect':
        return this.tcpConnect(request);
      case 'tcp.listen':
        return this.tcpListen(request);
      case 'tcp.send':
        return this.withSocket(request, (entry) => entry.send(request));
      case 'tcp.shutdown':
        return this.withSocket(request, (entry) => entry.shutdown(request));
      case 'socket.close':
        return this.withSocket(request, (entry) => entry.close(request.req));
      case 'relay.start':
        return this.relayStart(request);
      case 'relay.configure':
        return this.withSocket(request, (entry) => entry.relayConfigure(request));
      case 'relay.hold':
        return this.withSocket(request, (entry) => entry.relayHold(request));
      case 'relay.step':
        return this.withSocket(request, (entry) => entry.relayStep(request));
      case 'relay.drop':
        return this.withSocket(request, (entry) => entry.relayDrop(request));
      default:
        return assertNever(request);
    }
  }

  private withSocket(request: { sock: string; req?: number; type: string }, act: (entry: SocketEntry) => void): void {
    const entry = this.sockets.get(request.sock);
    if (!entry) {
      this.error('LAB_NO_SUCH_SOCKET', `There is no open socket ${JSON.stringify(request.sock)} in this session.`, { sock: request.sock, req: request.req });
      return;
    }
    act(entry);
  }

  private udpOpen(request: RequestOf<'udp.open'>): void {
    const port = request.port ?? 0;
    const verdict = this.policy.checkBind(request.host, port);
    if (!verdict.ok) return this.error(verdict.code, verdict.message, { sock: request.sock, req: request.req, call: 'bind' });
    this.adopt(
      request.sock,
      () => new UdpEndpoint(this, request.sock, verdict.address, port, request.bufsize ?? DEFAULT_UDP_BUFSIZE, request.req),
      request.req,
    );
  }

  private tcpListen(request: RequestOf<'tcp.listen'>): void {
    const existing = this.sockets.get(request.sock);
    if (existing) return existing.reuse(request);
    const verdict = this.policy.checkBind(request.host, request.port);
    if (!verdict.ok) return this.error(verdict.code, verdict.message, { sock: request.sock, req: request.req, call: 'bind' });
    this.adopt(request.sock, () => new TcpWelcoming(this, request.sock, verdict.address, request.port, request.backlog ?? 1, request.req), request.req);
  }

  private relayStart(request: RequestOf<'relay.start'>): void {
    const port = request.port ?? 0;
    const verdict = this.policy.checkBind(undefined, port);
    if (!verdict.ok) return this.error(verdict.code, verdict.message, { sock: request.sock, req: request.req, call: 'bind' });
    const Relay = request.proto === 'udp' ? UdpRelay : TcpRelay;
    const entry = this.adopt(request.sock, () => new Relay(this, request.sock, verdict.address, port, request), request.req);
    entry?.start();
  }

  private tcpConnect(request: RequestOf<'tcp.connect'>): void {
    // connect() twice: a TCP socket answers from its state, any other says its id is taken
    const existing = this.sockets.get(request.sock);
    if (existing) return existing.reuse(request);
    if (!this.beginConnect(request.sock, request.req)) return;
    const entry = this.adopt(request.sock, () => TcpConnection.connecting(this, request.sock, request.req), request.req);
    if (!entry) {
      this.endConnect();
      return;
    }
    entry.connect(request.host, request.port);
  }

  // ---- the end --------------------------------------------------------------------------------

  /** The bridge is stopping: tell the page, then close everything. */
  goAway(): void {
    this.closeWs(1001, 'bridge stopping');
    this.end();
  }

  /** Closes the WebSocket after the frames still waiting to leave. */
  private closeWs(code: number, reason: string): void {
    this.out?.flush();
    this.ws.close(code, reason);
  }

  /** Closes every socket of the session, once. Safe to call twice. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.out?.close();
    this.held.close();
    clearInterval(this.heartbeat);
    for (const [id, entry] of [...this.sockets]) {
      entry.dispose();
      this.release(id, entry);
    }
    for (const release of [...this.routes]) release();
    this.inbox.close();
    this.deps.totalFiles.release(this.files);
    this.files = 0;
    this.deps.onClose(this);
  }

  get socketCount(): number {
    return this.sockets.size;
  }
}
