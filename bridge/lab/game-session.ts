// One connection's side of the game protocol: a small state machine (logged out, then logged in
// as one player) that turns each request into a reply. Replies are seed 002's lists: the result
// first, then the flags the server appends ("map": the map changed since your last update;
// "client": your client's version is not the server's, ask ["ver"]).
import { assertNever } from '../../protocol/messages.js';
import { parseCommand, USAGE, type Command } from './game-commands.js';
import { GAME_VERSION, MAP_SIZE, type GameWorld, type Outcome, type Player } from './game-world.js';

export type Flag = 'map' | 'client';
/** [result, ...flags]; an error's result is {"error": CODE, "message": text}. */
export type Reply = [unknown, ...Flag[]];

export class GameSession {
  private player: Player | undefined;
  private clientOutdated = false;

  constructor(private readonly world: GameWorld) {}

  get loggedIn(): string | undefined {
    return this.player?.account.name;
  }

  /** One request (a frame's text). `garbled` is true when it was not JSON at all: the seed's
   * "unpickling failed", which counts towards giving up on the connection. */
  handle(text: string): { reply: Reply; garbled: boolean } {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return { reply: this.error('BAD_JSON', `the payload is not JSON (${(error as Error).message}); a request looks like ["ver"]`), garbled: true };
    }
    const parsed = parseCommand(raw);
    if (!parsed.ok) return { reply: this.error(parsed.code, parsed.message), garbled: false };
    return { reply: this.run(parsed.command), garbled: false };
  }

  error(code: string, message: string): Reply {
    return this.withFlags({ error: code, message });
  }

  /** The connection is gone: the player leaves the map. */
  leave(): void {
    if (this.player) this.world.leave(this.player);
    this.player = undefined;
  }

  private run(command: Command): Reply {
    switch (command.kind) {
      case 'ver':
        return this.withFlags(GAME_VERSION);
      case 'login':
      case 'new':
        return this.logIn(command);
      case 'update':
      case 'move':
      case 'get':
      case 'set':
        // the same command is refused before login: the protocol is a state machine
        if (!this.player) return this.error('LOGIN_REQUIRED', `log in first: ${USAGE.login}, or create a player with ${USAGE.new}`);
        return this.play(this.player, command);
      default:
        return assertNever(command);
    }
  }

  private logIn(command: Extract<Command, { kind: 'login' | 'new' }>): Reply {
    if (this.player) return this.error('ALREADY_LOGGED_IN', `you are logged in as ${this.player.account.name} on this connection`);
    const joined = command.kind === 'new' ? this.world.create(command.name, command.password) : this.world.login(command.name, command.password);
    if (!joined.ok) return this.outcome(joined);
    this.player = joined.value;
    this.clientOutdated = command.version !== undefined && command.version !== GAME_VERSION;
    return this.withFlags(true);
  }

  private play(player: Player, command: Extract<Command, { kind: 'update' | 'move' | 'get' | 'set' }>): Reply {
    switch (command.kind) {
      case 'update':
        return this.withFlags({ size: [MAP_SIZE, MAP_SIZE], players: this.world.update(player) });
      case 'move':
        return this.outcome(this.world.move(player, command.dx, command.dy));
      case 'get':
        return this.outcome(this.world.get(command.name, command.attribute));
      case 'set':
        return this.outcome(this.world.set(player, command.name, command.attribute, command.value));
      default:
        return assertNever(command);
    }
  }

  private outcome(outcome: Outcome<unknown>): Reply {
    return outcome.ok ? this.withFlags(outcome.value) : this.error(outcome.code, outcome.message);
  }

  private withFlags(result: unknown): Reply {
    const flags: Flag[] = [];
    if (this.player?.mapChanged) {
      this.player.mapChanged = false;
      flags.push('map');
    }
    if (this.clientOutdated) flags.push('client');
    return [result, ...flags];
  }
}
