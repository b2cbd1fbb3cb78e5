// Command mode: the student makes the socket calls one at a time (socket, bind, sendto, recvfrom,
// connect, send, recv, listen, accept, shutdown, close) and sees what each returns, in Python's
// words. Reached from a client console with :cmd, or as a console of its own (role "command").
import { COMMANDS, complete, parseCommand, type ParseContext } from './command-parser.js';
import { commandNamed } from './commands/entries/index.js';
import { isFresh, SocketTable, type CommandContext } from './commands/context.js';
import type { Completion, ConsoleIO, ConsoleMode } from './io.js';
import type { LabLink } from './link.js';
import type { Target } from '../panels/types.js';

/** recvfrom/recv/accept wait this long before the console gives the prompt back. */
export const COMMAND_WAIT_MS = 30_000;

export interface CommandHooks {
  /** Back to the console's own program (the client); undefined when this console only does commands. */
  exit?: () => void;
  onSocket: (id: string | undefined) => void;
  /** The console's transport: the first command it suggests is `socket udp` or `socket tcp`. */
  proto?: 'udp' | 'tcp';
}

export class CommandMode implements ConsoleMode {
  private readonly table = new SocketTable();
  private epoch: number | undefined;
  private disposed = false;
  /** Stops folding the current connection's events into the table. */
  private unobserve: (() => void) | undefined;

  constructor(
    private readonly io: ConsoleIO,
    private readonly link: LabLink,
    private readonly hooks: CommandHooks,
    private readonly target?: Target,
    private readonly waitMs = COMMAND_WAIT_MS,
  ) {}

  prompt(): string {
    return `${this.table.current ?? 'socket'}> `;
  }

  start(): void {
    this.io.print(this.io.t('cmd.intro'), 'note');
    this.io.print(this.io.t(this.hooks.exit ? 'cmd.introExit' : 'cmd.introHelp', { proto: this.hooks.proto ?? 'udp' }), 'note');
  }

  private context(): ParseContext {
    return { sockets: this.table.names(), servers: this.link.lab.servers().map((s) => s.name), hasTarget: this.target !== undefined };
  }

  complete(line: string, cursor: number): Completion | undefined {
    return complete(line, cursor, this.context());
  }

  async run(line: string, signal: AbortSignal): Promise<void> {
    if (line.trim() === '') return;
    const parsed = parseCommand(line, this.context());
    if (!parsed.ok) {
      this.io.print(this.io.t(`parse.${parsed.error.key}`, parsed.error.vars), 'error');
      if (parsed.error.key === 'unknown-command') this.io.print(this.io.t('parse.try-help', { names: COMMANDS.map((c) => c.name).join(', ') }), 'note');
      return;
    }
    const command = parsed.command;
    const { run } = commandNamed(command.name)!;
    if ('local' in run) return run.local({ io: this.io, exit: this.hooks.exit, commands: COMMANDS }, command);
    const linked = await this.link.get();
    if (this.epoch !== undefined && this.epoch !== linked.epoch && this.table.names().length > 0) {
      // a new connection to the bridge: the sockets of the old one were closed with it
      this.table.clear();
      this.io.print(this.io.t('cmd.reconnected'), 'note');
    }
    if (this.epoch !== linked.epoch && !this.disposed) {
      this.unobserve?.();
      this.unobserve = linked.client.onEvent((e) => this.table.observe(e));
    }
    this.epoch = linked.epoch;
    const ctx: CommandContext = { io: this.io, link: this.link, linked, table: this.table, signal, waitMs: this.waitMs, target: this.target };
    await run.lab(ctx, command);
    this.hooks.onSocket(this.table.current);
  }

  /** Closes every socket this mode opened. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unobserve?.();
    this.unobserve = undefined;
    const linked = this.link.peek();
    if (linked && linked.epoch === this.epoch) {
      for (const s of this.table.all()) {
        if (!isFresh(s) && !s.released) linked.client.closeSocket(s.name).catch(() => undefined);
        linked.inbox.unwatch(s.name);
      }
    }
    this.table.clear();
  }
}
