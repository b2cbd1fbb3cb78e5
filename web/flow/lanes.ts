// Where each lifeline is drawn. Clients on the left, servers on the right; server sockets grouped
// by the host:port they are bound to (the welcoming socket, its connection sockets and a UDP socket
// on the same port stand together). A lane is reused by a later socket of the same kind once its
// previous one has closed, so a hundred one-shot clients do not make a hundred columns. A relay
// gets two columns whatever its clients do: its client-facing sockets (the port clients send to,
// and a TCP relay's connection sockets on it) and its server-facing ones, one per client, which
// a UDP relay keeps open for two minutes; drawn apart, each pinger run would add a column.
import { baseSocketId, isUpstreamId } from '../../protocol/socket-ids.js';
import { addrKey } from './addresses.js';
import type { Column, ColumnGroup, Lifeline, LifelineKind, Owner, Side } from './types.js';

type RelayRole = 'front' | 'upstream';

interface Lane {
  group: string;
  /** A relay's lane: every socket of this role shares it, open or not. */
  role?: RelayRole;
  /** Emptied by move(): no longer drawn. */
  dead?: boolean;
  kind: LifelineKind;
  lifelines: string[];
  /** The latest lifeline drawn here: the lane is free once it has closed. */
  last: string;
}

interface Group {
  key: string;
  side: Side;
  owner: Owner;
  label: string;
  created: number;
  lanes: number[];
}

const GROUP_RANK: Record<string, number> = {
  'client:page': 0,
  'client:lab': 1,
  'client:external': 2,
  'middle:page': 3,
  'middle:lab': 3,
  'server:page': 4,
  'server:lab': 5,
  'server:external': 6,
};

/** Which side of its relay a relay's socket faces. */
const relayRole = (sock: string): RelayRole => (isUpstreamId(sock) ? 'upstream' : 'front');

export class Lanes {
  private readonly lanes: Lane[] = [];
  private readonly groups = new Map<string, Group>();

  /** Gives `line` (whose side and startRow are set) a lane and returns it. */
  assign(line: Lifeline, lifelines: ReadonlyMap<string, Lifeline>): number {
    const side = line.side ?? 'client';
    const endpoint = line.local ? addrKey(line.local) : undefined;
    // the relay a socket belongs to: "r1" for "r1", "r1~2" (its upstream side) and "r1#2"
    const relay = baseSocketId(line.sock ?? line.id);
    const key = side === 'client' ? `client:${line.owner}` : side === 'middle' ? `middle:${relay}` : `server:${endpoint ?? line.id}`;
    let group = this.groups.get(key);
    if (!group) {
      const label = side === 'server' ? (endpoint ?? '') : side === 'middle' ? relay : '';
      group = { key, side, owner: line.owner, label, created: this.groups.size, lanes: [] };
      this.groups.set(key, group);
    }
    if (side === 'middle') {
      const role = relayRole(line.sock ?? line.id);
      let id = group.lanes.find((l) => this.lanes[l]!.role === role);
      if (id === undefined) {
        id = this.lanes.push({ group: key, role, kind: line.kind, lifelines: [], last: line.id }) - 1;
        // the client-facing column stays on the left of the server-facing one
        if (role === 'front') group.lanes.unshift(id);
        else group.lanes.push(id);
      }
      const lane = this.lanes[id]!;
      lane.lifelines.push(line.id);
      lane.last = line.id;
      return id;
    }
    const start = line.startRow ?? 0;
    for (const id of group.lanes) {
      const lane = this.lanes[id]!;
      if (lane.kind !== line.kind || lane.dead) continue;
      const last = lifelines.get(lane.last);
      if (!last || (last.closed && (last.endRow ?? -1) < start)) {
        lane.lifelines.push(line.id);
        lane.last = line.id;
        return id;
      }
    }
    this.lanes.push({ group: key, kind: line.kind, lifelines: [line.id], last: line.id });
    group.lanes.push(this.lanes.length - 1);
    return this.lanes.length - 1;
  }

  /** Takes a lifeline out of its lane so it can be assigned again (a socket that turned out to be
   * a relay right after it was bound). */
  unassign(line: Lifeline): void {
    if (line.lane === undefined) return;
    const lane = this.lanes[line.lane]!;
    lane.lifelines = lane.lifelines.filter((id) => id !== line.id);
    if (lane.lifelines.length > 0) {
      lane.last = lane.lifelines[lane.lifelines.length - 1]!;
    } else {
      lane.dead = true;
      const group = this.groups.get(lane.group)!;
      group.lanes = group.lanes.filter((id) => id !== line.lane);
      if (group.lanes.length === 0) this.groups.delete(lane.group);
    }
    line.lane = undefined;
  }

  /** Forgets lifelines the model no longer keeps. */
  forget(isGone: (id: string) => boolean): void {
    for (const lane of this.lanes) lane.lifelines = lane.lifelines.filter((id) => !isGone(id));
  }

  layout(): { columns: Column[]; laneColumn: number[]; groups: ColumnGroup[] } {
    const ordered = [...this.groups.values()].sort(
      (a, b) => (GROUP_RANK[`${a.side}:${a.owner}`] ?? 9) - (GROUP_RANK[`${b.side}:${b.owner}`] ?? 9) || a.created - b.created,
    );
    const columns: Column[] = [];
    const laneColumn: number[] = [];
    const groups: ColumnGroup[] = [];
    for (const g of ordered) {
      const indexes: number[] = [];
      for (const laneId of g.lanes) {
        laneColumn[laneId] = columns.length;
        indexes.push(columns.length);
        const lane = this.lanes[laneId]!;
        columns.push({ lane: laneId, group: g.key, lifelines: [...lane.lifelines], ...(lane.role ? { relay: { id: g.label, role: lane.role } } : {}) });
      }
      groups.push({ key: g.key, side: g.side, owner: g.owner, label: g.label, columns: indexes });
    }
    return { columns, laneColumn, groups };
  }
}
