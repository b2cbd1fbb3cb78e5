// The page's side of one interpreter's channel to the socket worker (program-server.ts there):
// what the worker tells the page (the line of the last socket call, a bound port, a hint to put
// in the program's language) and what the page asks of it (Stop, close the program's sockets).
import type { FromProgramServer, ToProgramServer } from './channel.js';
import type { ProgramHooks } from './program-sockets.js';

/** The part of a MessagePort used here (the tests pass Node's). */
interface Port {
  onmessage: ((ev: MessageEvent<FromProgramServer>) => void) | null;
  postMessage(message: ToProgramServer): void;
  close(): void;
}

export class ProgramLine {
  /** The hooks of the panel now running this interpreter (a warm one changes hands). */
  hooks: Pick<ProgramHooks, 'onCall' | 'onBound' | 'hint'>;
  private readonly waiting = new Map<number, () => void>();
  private ids = 0;
  private detached: Promise<void> | undefined;

  constructor(
    private readonly port: Port,
    hooks: Pick<ProgramHooks, 'onCall' | 'onBound' | 'hint'>,
  ) {
    this.hooks = hooks;
    port.onmessage = (ev) => void this.receive(ev.data);
  }

  private async receive(message: FromProgramServer): Promise<void> {
    switch (message.kind) {
      case 'call':
        this.hooks.onCall?.(message.op, message.line);
        return;
      case 'bound':
        this.hooks.onBound?.(message.proto, message.local);
        return;
      case 'hint': {
        const text = await this.hooks.hint(message.code);
        if (!this.detached) this.port.postMessage({ kind: 'hint', id: message.id, ...(text === undefined ? {} : { text }) });
        return;
      }
      case 'closed':
        this.waiting.get(message.id)?.();
        this.waiting.delete(message.id);
        return;
      default:
        message satisfies never;
    }
  }

  private ask(message: (id: number) => ToProgramServer): Promise<void> {
    const id = ++this.ids;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.port.postMessage(message(id));
    });
  }

  /** Stop: the call waiting in the socket worker ends with "interrupted". */
  stop(): void {
    if (!this.detached) this.port.postMessage({ kind: 'stop' });
  }

  /** Closes what the program left open, as the OS does at exit. */
  closeAll(): Promise<void> {
    return this.detached ?? this.ask((id) => ({ kind: 'closeAll', id }));
  }

  /** The interpreter went: the worker ends its waiting call, closes its sockets and forgets it. */
  detach(): Promise<void> {
    this.detached ??= this.ask((id) => ({ kind: 'detach', id })).then(() => this.port.close());
    return this.detached;
  }
}
