// What the UDP and TCP relays share: their settings, the path's impairments in each direction,
// the instructor's hold, and the requests that steer them. A relay belongs to the session that
// started it, like a socket, and closes with it.
import type { Address, RequestOf } from '../../protocol/messages.js';
import type { LabErrorCode } from '../../protocol/errors.js';
import { addressOf } from '../events.js';
import { SocketEntry, type SessionOwner } from '../sockets/owner.js';
import { HoldQueue } from './hold.js';
import { Impairer, type Fate } from './impair.js';
import { OverflowReporter, QueueBudget } from './queue.js';
import { DEFAULT_RELAY_SETTINGS, mergeSettings, type RelaySettings } from './settings.js';

export type Direction = 'toServer' | 'toClient';

export interface Packet {
  id: number;
  dir: Direction;
  size: number;
  deliver(): void;
}

export abstract class RelayEntry extends SocketEntry {
  readonly kind = 'relay';
  protected settings: RelaySettings;
  protected readonly impairers: Record<Direction, Impairer>;
  protected readonly hold: HoldQueue<Packet>;
  protected target: Address | undefined;
  protected readonly timers = new Set<NodeJS.Timeout>();
  /** What waits on the path (its delay and the hold) in each direction, within its bounds. */
  protected readonly queues: Record<Direction, QueueBudget>;
  protected readonly overflow: OverflowReporter<Direction>;
  private nextPacket = 1;
  private lastRefusal = -Infinity;

  constructor(
    owner: SessionOwner,
    id: string,
    protected readonly host: string,
    protected readonly port: number,
    protected readonly request: RequestOf<'relay.start'>,
  ) {
    super(owner, id);
    this.settings = mergeSettings(DEFAULT_RELAY_SETTINGS, request.settings);
    // each direction draws from its own sequence, so the replies' fates do not shift the requests'
    this.impairers = {
      toServer: new Impairer(this.settings),
      toClient: new Impairer({ ...this.settings, seed: (this.settings.seed + 1) >>> 0 }),
    };
    this.hold = new HoldQueue<Packet>((p) => this.owner.emit({ type: 'relay.held', sock: this.id, packet: p.id, dir: p.dir, size: p.size }));
    const { limits } = owner;
    const bounds = { packets: limits.relayQueuePackets, bytes: limits.relayQueueBytes };
    this.queues = { toServer: new QueueBudget(bounds, owner.relayQueue), toClient: new QueueBudget(bounds, owner.relayQueue) };
    this.overflow = new OverflowReporter<Direction>(
      (dir, action, dropped) => {
        const q = this.queues[dir];
        this.owner.emit({
          type: 'relay.overflowed',
          sock: this.id,
          dir,
          action,
          dropped,
          packets: q.packets,
          bytes: q.bytes,
          maxPackets: q.limits.packets,
          maxBytes: q.limits.bytes,
        });
      },
      (ms, run) => this.after(ms, run),
    );
  }

  /** Checks the target against the destination policy, then opens the relay's port. */
  start(): void {
    const { target, req } = this.request;
    void this.owner.policy.resolve(target.host, target.port, this.request.proto).then((verdict) => {
      if (this.closed) return;
      if (!verdict.ok) {
        this.owner.error(verdict.code, verdict.message, { sock: this.id, req, call: 'connect' });
        this.fail();
        return;
      }
      this.target = addressOf(verdict.address, target.port);
      this.listen((local) =>
        this.owner.emit({
          type: 'relay.started',
          sock: this.id,
          req,
          proto: this.request.proto,
          listen: local,
          target: this.target!,
          settings: this.settings,
          held: this.hold.isHeld,
        }),
      );
    });
  }

  /** Releases the relay's sockets and timers, without reporting anything. */
  protected abstract release(): void;

  close(): void {
    if (this.closed) return;
    this.release();
    this.finish('local');
  }

  /** Ends the relay because it could not start: reported as closed by an error. */
  protected fail(): void {
    if (this.closed) return;
    this.release();
    this.finish('error');
  }

  dispose(): void {
    this.closed = true;
    this.release();
  }

  /** Opens the client-facing port and calls `ready` with its address. */
  protected abstract listen(ready: (local: Address) => void): void;

  /** A client the relay cannot take (its quota of clients or descriptors is spent): says why, at
   * most once a second, so a flood of clients costs the page one error a second. */
  protected refuse(code: LabErrorCode, message: string, call: string): void {
    const now = performance.now();
    if (now - this.lastRefusal < 1000) return;
    this.lastRefusal = now;
    this.owner.error(code, message, { sock: this.id, call });
  }

  protected packetId(): number {
    return this.nextPacket++;
  }

  /** Decides a packet's fate and reports it. */
  protected judge(dir: Direction): Fate {
    return this.impairers[dir].next();
  }

  protected after(ms: number, run: () => void): void {
    if (ms <= 0) return run();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) run();
    }, ms);
    this.timers.add(timer);
  }

  protected reportConfig(req?: number): void {
    this.owner.emit({ type: 'relay.configured', sock: this.id, req, settings: this.settings, held: this.hold.isHeld, waiting: this.hold.ids() });
  }

  override relayConfigure(request: RequestOf<'relay.configure'>): void {
    this.settings = mergeSettings(this.settings, request.settings);
    this.impairers.toServer.configure(this.settings);
    this.impairers.toClient.configure({ ...this.settings, seed: (this.settings.seed + 1) >>> 0 });
    this.reportConfig(request.req);
  }

  override relayHold(request: RequestOf<'relay.hold'>): void {
    const released = request.on ? [] : this.hold.ids();
    this.hold.hold(request.on);
    for (const packet of released) this.owner.emit({ type: 'relay.released', sock: this.id, packet });
    this.reportConfig(request.req);
  }

  override relayStep(request: RequestOf<'relay.step'>): void {
    for (const packet of this.hold.step(request.count ?? 1)) this.owner.emit({ type: 'relay.released', sock: this.id, packet: packet.id });
    this.reportConfig(request.req);
  }

  override relayDrop(request: RequestOf<'relay.drop'>): void {
    const taken = this.hold.take(request.packet);
    if (!taken) {
      this.owner.error('LAB_NO_SUCH_PACKET', `Packet ${request.packet} is not waiting in ${this.id}'s hold.`, { sock: this.id, req: request.req });
      return;
    }
    this.dropped(taken.packet, taken.index);
    this.reportConfig(request.req);
  }

  /** What dropping a held packet means: gone for UDP; for TCP, sent again later. */
  protected abstract dropped(packet: Packet, index: number): void;

  protected stopTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.hold.clear();
    this.queues.toServer.clear();
    this.queues.toClient.clear();
  }
}
