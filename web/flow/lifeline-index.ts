// The flow model's lifelines and the indexes that find one: by socket id (its current lifeline: an
// id the page uses again after close() gets a lifeline of its own, "<id>@2"), by the address a UDP
// socket is bound to or a welcoming socket listens on, by a connection's two ends, and the page's
// closed UDP sockets by the address they had. It knows nothing of rows and lanes: the flow model
// decides when a lifeline is drawn, closed or forgotten, and this keeps every index in step.
import type { Address } from '../../protocol/messages.js';
import { socketOwner } from '../../protocol/socket-ids.js';
import { addrKey, dirKey, wildcardKeys } from './addresses.js';
import type { Lifeline, LifelineKind, Side } from './types.js';

export type LifelineFields = Partial<Pick<Lifeline, 'local' | 'remote' | 'parent' | 'side'>>;

/** The key an outside address's lifelines go by, in place of a socket id. */
const externalKey = (address: Address): string => `ext:${addrKey(address)}`;

export class LifelineIndex {
  private readonly all = new Map<string, Lifeline>();
  /** A socket id's (or an outside address's) current lifeline id. */
  private readonly currentIds = new Map<string, string>();
  private readonly incarnations = new Map<string, number>();
  private readonly udpIndex = new Map<string, string>();
  /** The page's UDP sockets that have closed, by the address they had. */
  private readonly closedUdp = new Map<string, string>();
  private readonly listenIndex = new Map<string, string>();
  private readonly connIndex = new Map<string, string>();

  /** Every lifeline kept, by lifeline id. */
  get lifelines(): ReadonlyMap<string, Lifeline> {
    return this.all;
  }

  /** The socket's current lifeline (open or closed), if it has one. */
  currentOf(sock: string): Lifeline | undefined {
    const id = this.currentIds.get(sock);
    return id ? this.all.get(id) : undefined;
  }

  /** The socket's lifeline: the open one, or a new one if the id is new or was closed after it was
   * drawn (an id reused). */
  open(sock: string, kind: LifelineKind, fields: LifelineFields = {}): Lifeline {
    let line = this.currentOf(sock);
    if (!line || (line.closed && line.startRow !== undefined)) {
      line = { id: this.nextId(sock), sock, label: sock, owner: socketOwner(sock), kind, closed: false };
      this.all.set(line.id, line);
      this.currentIds.set(sock, line.id);
    }
    line.kind = kind;
    line.closed = false;
    if (fields.local) line.local = fields.local;
    if (fields.remote) line.remote = fields.remote;
    if (fields.parent) line.parent = this.currentIds.get(fields.parent) ?? fields.parent;
    if (fields.side) line.side ??= fields.side;
    if (line.local) {
      if (kind === 'udp') this.udpIndex.set(addrKey(line.local), line.id);
      if (kind === 'welcoming') this.listenIndex.set(addrKey(line.local), line.id);
    }
    return line;
  }

  /** The socket's current lifeline, created if the lab never saw it open. */
  get(sock: string, kind: LifelineKind): Lifeline {
    return this.currentOf(sock) ?? this.open(sock, kind);
  }

  /** The outside address's current lifeline (open or closed), if it has one. */
  externalAt(address: Address): Lifeline | undefined {
    return this.currentOf(externalKey(address));
  }

  /** A new lifeline for an outside address: seen for the first time, or back after its column
   * folded away. */
  openExternal(address: Address, side: Side): Lifeline {
    const key = externalKey(address);
    const line: Lifeline = { id: this.nextId(key), label: addrKey(address), owner: 'external', kind: 'endpoint', local: address, side, closed: false };
    this.all.set(line.id, line);
    this.currentIds.set(key, line.id);
    return line;
  }

  /** The open UDP socket bound to this address (or to the wildcard address on its port). */
  udpAt(address: Address): Lifeline | undefined {
    return this.indexed(this.udpIndex, address);
  }

  /** The page's UDP socket that was bound to this address and has closed since. */
  closedUdpAt(address: Address): Lifeline | undefined {
    const key = addrKey(address);
    const id = this.closedUdp.get(key);
    const line = id ? this.all.get(id) : undefined;
    if (id && !line) this.closedUdp.delete(key);
    return line;
  }

  /** The open welcoming socket listening on this address (or on the wildcard address). */
  listenerAt(address: Address): Lifeline | undefined {
    return this.indexed(this.listenIndex, address);
  }

  /** The TCP socket whose own end is `local` and whose peer is `remote`. */
  connection(local: Address, remote: Address): Lifeline | undefined {
    const id = this.connIndex.get(dirKey(local, remote));
    return id ? this.all.get(id) : undefined;
  }

  /** Records the 4-tuple of a connected socket. */
  setConnection(line: Lifeline, local: Address, remote: Address): void {
    line.local = local;
    line.remote = remote;
    this.connIndex.set(dirKey(local, remote), line.id);
  }

  /** The lifeline closed: it no longer answers for its address (a page's drawn UDP socket is
   * remembered by it, for the replies that come too late). */
  closed(line: Lifeline): void {
    if (!line.local) return;
    const key = addrKey(line.local);
    if (this.udpIndex.get(key) === line.id) this.udpIndex.delete(key);
    if (this.listenIndex.get(key) === line.id) this.listenIndex.delete(key);
    if (line.kind === 'udp' && line.owner === 'page' && line.lane !== undefined) this.closedUdp.set(key, line.id);
  }

  /** Forgets a lifeline and whatever still points at it; returns it. */
  forget(id: string): Lifeline | undefined {
    const line = this.all.get(id);
    if (!line) return undefined;
    this.all.delete(id);
    if (line.sock && this.currentIds.get(line.sock) === id) this.currentIds.delete(line.sock);
    if (line.local && line.remote && this.connIndex.get(dirKey(line.local, line.remote)) === id) this.connIndex.delete(dirKey(line.local, line.remote));
    if (line.local && this.closedUdp.get(addrKey(line.local)) === id) this.closedUdp.delete(addrKey(line.local));
    return line;
  }

  /** "udp-client-1" the first time, "udp-client-1@2" for the id used again. */
  private nextId(key: string): string {
    const n = (this.incarnations.get(key) ?? 0) + 1;
    this.incarnations.set(key, n);
    return n === 1 ? key : `${key}@${n}`;
  }

  private indexed(index: Map<string, string>, address: Address): Lifeline | undefined {
    let id = index.get(addrKey(address));
    if (!id) for (const key of wildcardKeys(address)) id ??= index.get(key);
    return id ? this.all.get(id) : undefined;
  }
}
