// The program's console as a terminal in cooked mode, like the one `python3 FILE` runs in: what the
// program prints appears as it comes; what the student types is echoed and handed to input() a
// whole line at a time (typed ahead lines wait); Backspace erases; Ctrl-C stops the program;
// Ctrl-D on an empty line is the end of input. No DOM: the screen is anything with write().
import stringWidth from 'string-width';

export interface TtyScreen {
  write(data: string): void;
}

/** Lines kept for the screen-reader region and the tests, the newest last. */
const KEEP_LINES = 500;
const MAX_TYPED = 10_000;
/** Escape sequences (arrow keys, function keys): ESC [ ... final byte, ESC O x, or ESC x. */
const ESCAPES = new RegExp(`${String.fromCharCode(27)}(\\[[0-9;?]*[ -/]*[@-~]|O.|.)?`, 'g');

export class ProgramTty {
  private typed: string[] = [];
  private readonly lines: string[] = [];
  private partial = '';
  private readonly ready: string[] = [];
  private eof = false;
  private waiter: ((line: string | null) => void) | undefined;

  constructor(
    private readonly screen: TtyScreen,
    private readonly onInterrupt: () => void,
    private readonly onLines?: (lines: readonly string[], partial: string) => void,
  ) {}

  /** Program output (stdout and stderr, stderr in red). */
  write(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const shown = text.replace(/\r?\n/g, '\r\n');
    this.screen.write(stream === 'stderr' ? `\x1b[31m${shown}\x1b[0m` : shown);
    this.record(text);
  }

  /** A note of the lab's own (dimmed), on a line of its own. */
  note(text: string): void {
    const start = this.partial ? '\r\n' : '';
    if (this.partial) this.record('\n');
    this.screen.write(`${start}\x1b[90m${text}\x1b[0m\r\n`);
    this.record(`${text}\n`);
  }

  private record(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.lines.push(line);
    if (this.lines.length > KEEP_LINES) this.lines.splice(0, this.lines.length - KEEP_LINES);
    this.onLines?.(this.lines, this.partial);
  }

  /** input(): the next whole line the student types (or typed already), null at end of input. */
  readLine(signal: AbortSignal): Promise<string | null> {
    const line = this.ready.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.eof) {
      this.eof = false;
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const done = (value: string | null) => {
        signal.removeEventListener('abort', abort);
        this.waiter = undefined;
        resolve(value);
      };
      const abort = () => done(null);
      signal.addEventListener('abort', abort, { once: true });
      this.waiter = done;
    });
  }

  /** Keys from the terminal. */
  input(data: string): void {
    // arrows and other keys with escape sequences have no meaning in a cooked line
    for (const char of data.replace(ESCAPES, '')) {
      if (char === '\x03') {
        this.screen.write('^C\r\n');
        this.typed = [];
        this.onInterrupt();
      } else if (char === '\r' || char === '\n') {
        const line = this.typed.join('');
        this.typed = [];
        this.screen.write('\r\n');
        this.record(`${line}\n`);
        this.deliver(line);
      } else if (char === '\x7f' || char === '\b') {
        const last = this.typed.pop();
        if (last) {
          const w = Math.max(1, stringWidth(last));
          this.screen.write('\b'.repeat(w) + ' '.repeat(w) + '\b'.repeat(w));
        }
      } else if (char === '\x04') {
        if (this.typed.length === 0) this.deliver(null);
      } else if (char >= ' ' && this.typed.length < MAX_TYPED) {
        this.typed.push(char);
        this.screen.write(char);
      }
    }
  }

  private deliver(line: string | null): void {
    if (this.waiter) return this.waiter(line);
    if (line === null) this.eof = true;
    else this.ready.push(line);
  }

  /** A new run: forget typed-ahead input and the end of input. */
  reset(): void {
    this.typed = [];
    this.ready.length = 0;
    this.eof = false;
  }

  clear(): void {
    this.lines.length = 0;
    this.partial = '';
    this.onLines?.(this.lines, this.partial);
  }
}
