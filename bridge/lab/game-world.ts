// The game server's world (lesson 7): accounts, who is online, and where everyone stands on a
// small square map. No sockets here: the server turns requests into these calls and the results
// into replies. Everything is in memory and bounded, and forgotten when the bridge stops.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const MAP_SIZE = 10;
export const GAME_VERSION = '1.0';
const MAX_ACCOUNTS = 200;
/** Everyone stands on a cell of their own, so the map bounds the players online. */
const MAX_ONLINE = MAP_SIZE * MAP_SIZE;

export type Pos = [x: number, y: number];
/** What a player shows others: the dict of seed 002's "update" (pos, name, visual). */
export interface PlayerView {
  name: string;
  pos: Pos;
  visual: string;
  say: string;
}
export type Attribute = 'pos' | 'visual' | 'say';

export type GameErrorCode = 'BAD_LOGIN' | 'NAME_TAKEN' | 'ALREADY_ONLINE' | 'SERVER_FULL' | 'OFF_MAP' | 'OCCUPIED' | 'NO_SUCH_PLAYER' | 'NOT_YOURS';
export type Outcome<T = true> = { ok: true; value: T } | { ok: false; code: GameErrorCode; message: string };

interface Account {
  name: string;
  salt: Buffer;
  hash: Buffer;
  /** Where the player stood when last online. */
  pos: Pos;
  visual: string;
  say: string;
}

/** One logged-in connection. mapChanged is set when someone else changed the map since this
 * player's last update; the server turns it into the "map" flag of its next reply. */
export interface Player {
  readonly account: Account;
  mapChanged: boolean;
}

export class GameWorld {
  private readonly accounts = new Map<string, Account>();
  private readonly online = new Map<string, Player>();

  /** ["new", name, password]: creates the account and logs in, as the seed says. */
  create(name: string, password: string): Outcome<Player> {
    if (this.accounts.has(name)) return fail('NAME_TAKEN', `the name ${JSON.stringify(name)} is taken; choose another or log in`);
    if (this.accounts.size >= MAX_ACCOUNTS) return fail('SERVER_FULL', `the server holds at most ${MAX_ACCOUNTS} accounts`);
    const salt = randomBytes(16);
    const account: Account = { name, salt, hash: hashOf(salt, password), pos: [0, 0], visual: name[0]!.toUpperCase(), say: '' };
    const joined = this.join(account);
    if (joined.ok) this.accounts.set(name, account);
    return joined;
  }

  /** ["login", name, password] */
  login(name: string, password: string): Outcome<Player> {
    const account = this.accounts.get(name);
    // one answer for an unknown name and a wrong password, so names cannot be probed
    if (!account || !timingSafeEqual(account.hash, hashOf(account.salt, password))) return fail('BAD_LOGIN', 'unknown name or wrong password');
    if (this.online.has(name)) return fail('ALREADY_ONLINE', `${name} is already playing on another connection`);
    return this.join(account);
  }

  /** The connection closed: the player leaves the map (the account stays). */
  leave(player: Player): void {
    if (this.online.get(player.account.name) !== player) return;
    this.online.delete(player.account.name);
    this.changed(player);
  }

  /** ["update"]: everyone online, the asking player included. */
  update(player: Player): PlayerView[] {
    player.mapChanged = false;
    return [...this.online.values()].map((p) => view(p.account));
  }

  /** ["move", [dx, dy]]: one step; the map's edge and other players block. */
  move(player: Player, dx: number, dy: number): Outcome {
    const [x, y] = player.account.pos;
    const to: Pos = [x + dx, y + dy];
    if (!onMap(to)) return fail('OFF_MAP', `(${to[0]}, ${to[1]}) is off the ${MAP_SIZE}x${MAP_SIZE} map; x and y go from 0 to ${MAP_SIZE - 1}`);
    const other = this.standingAt(to);
    if (other && other !== player) return fail('OCCUPIED', `${other.account.name} stands at (${to[0]}, ${to[1]})`);
    player.account.pos = to;
    this.changed(player);
    return { ok: true, value: true };
  }

  /** ["get", name, attr]: an attribute of any player online. */
  get(name: string, attribute: Attribute): Outcome<string | Pos> {
    const player = this.online.get(name);
    if (!player) return fail('NO_SUCH_PLAYER', `nobody called ${JSON.stringify(name)} is online`);
    return { ok: true, value: view(player.account)[attribute] };
  }

  /** ["set", name, attr, value]: only your own character, and only how it looks and what it says. */
  set(player: Player, name: string, attribute: 'visual' | 'say', value: string): Outcome {
    if (name !== player.account.name) return fail('NOT_YOURS', `you are ${player.account.name}; you may only set your own attributes`);
    player.account[attribute] = value;
    this.changed(player);
    return { ok: true, value: true };
  }

  get onlineCount(): number {
    return this.online.size;
  }

  private join(account: Account): Outcome<Player> {
    if (this.online.size >= MAX_ONLINE) return fail('SERVER_FULL', 'every cell of the map is taken; try again later');
    if (this.standingAt(account.pos)) account.pos = this.freeCell()!;
    const player: Player = { account, mapChanged: false };
    this.online.set(account.name, player);
    this.changed(player);
    return { ok: true, value: player };
  }

  /** Everyone but the one who changed it learns, with their next reply, that the map changed. */
  private changed(by: Player): void {
    for (const p of this.online.values()) if (p !== by) p.mapChanged = true;
  }

  private standingAt([x, y]: Pos): Player | undefined {
    for (const p of this.online.values()) if (p.account.pos[0] === x && p.account.pos[1] === y) return p;
    return undefined;
  }

  private freeCell(): Pos | undefined {
    for (let y = 0; y < MAP_SIZE; y++) for (let x = 0; x < MAP_SIZE; x++) if (!this.standingAt([x, y])) return [x, y];
    return undefined;
  }
}

function view(account: Account): PlayerView {
  return { name: account.name, pos: [...account.pos], visual: account.visual, say: account.say };
}

function onMap([x, y]: Pos): boolean {
  return x >= 0 && y >= 0 && x < MAP_SIZE && y < MAP_SIZE;
}

function hashOf(salt: Buffer, password: string): Buffer {
  return createHash('sha256').update(salt).update(password, 'utf8').digest();
}

function fail(code: GameErrorCode, message: string): { ok: false; code: GameErrorCode; message: string } {
  return { ok: false, code, message };
}
