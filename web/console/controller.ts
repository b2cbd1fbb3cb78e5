// The console: line editor + the program running in it (client, server or command mode), drawing
// into a Screen (the xterm wrapper in the page; a string in tests). It is the only writer of the
// terminal. While a line runs, what the student types waits (as in a real terminal) and Ctrl-C
// interrupts the run. Every printed line is also handed to onLine, for the screen-reader live
// region and for end-to-end tests.
import { commonPrefix } from './command-parser.js';
import type { ConsoleIO, ConsoleMode, Tone, Translate } from './io.js';
import { parseKeys, type Key } from './keys.js';
import { applyKey, createEditor, cursorOffset, lineOf, replaceRange, type EditorState } from './line-editor.js';
import { draw, erase, wordWrap } from './line-render.js';
import { safeText } from './text.js';

export interface Screen {
  write(data: string): void;
  readonly cols: number;
  /** Clears the screen and scrollback (Ctrl-L). */
  clear(): void;
}

export type ConsoleStatus = 'idle' | 'busy';

export interface ConsoleListeners {
  /** A line as printed (tone) or as the student entered it (prompt + text). */
  onLine?(text: string, tone: Tone | 'input'): void;
  /** idle: the prompt is up and waits for a line; busy: a program runs. */
  onStatus?(status: ConsoleStatus): void;
}

const SGR: Record<Tone, string> = { out: '', note: '\x1b[90m', error: '\x1b[31m', ok: '\x1b[32m' };
const RESET = '\x1b[0m';
const PROMPT_STYLE = '\x1b[1;36m';
/** Keys typed while a line runs are kept up to this many (a long paste), then dropped. */
const MAX_TYPED_AHEAD = 10_000;

export class ConsoleController implements ConsoleIO {
  private mode: ConsoleMode | undefined;
  private editor: EditorState = createEditor();
  /** Is the prompt + line drawn, and on which of its rows is the cursor. */
  private shown = false;
  private cursorRow = 0;
  private run: AbortController | undefined;
  private typedAhead: Key[] = [];
  private disposed = false;

  constructor(
    private readonly screen: Screen,
    private readonly translate: () => Translate,
    private readonly listeners: ConsoleListeners = {},
  ) {}

  readonly t: Translate = (key, vars) => this.translate()(key, vars);

  get status(): ConsoleStatus {
    return this.run ? 'busy' : 'idle';
  }

  /** Hands the console to a program; it greets (start) and its prompt appears. A program the
   * console comes back to (the client after command mode) need not greet again. */
  setMode(mode: ConsoleMode, greet = true): void {
    this.mode = mode;
    if (greet) mode.start?.();
    if (!this.run) this.showPrompt();
  }

  /** Data from the terminal (xterm's onData): typed keys, IME text, pastes. */
  input(data: string): void {
    if (this.disposed) return;
    this.handleKeys(parseKeys(data));
  }

  private handleKeys(keys: Key[]): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (this.run) {
        if (key.kind === 'interrupt') this.run.abort();
        else if (this.typedAhead.length < MAX_TYPED_AHEAD) this.typedAhead.push(key);
        continue;
      }
      const prompt = this.mode?.prompt() ?? null;
      if (prompt === null) {
        // a program that reads no line (a server running): only Ctrl-C means something
        if (key.kind === 'interrupt') this.mode?.interrupt?.();
        continue;
      }
      const { state, effect } = applyKey(this.editor, key);
      this.editor = state;
      if (!effect) {
        this.redraw();
        continue;
      }
      switch (effect.type) {
        case 'submit':
          this.commit(prompt, effect.line);
          // what follows (the rest of a paste) is read after this line has run
          this.typedAhead.push(...keys.slice(i + 1));
          void this.runLine(effect.line);
          return;
        case 'interrupt':
          this.commit(prompt, `${effect.line}^C`);
          this.showPrompt();
          break;
        case 'complete':
          this.completeWord();
          break;
        case 'clear':
          this.screen.clear();
          this.shown = false;
          this.showPrompt();
          break;
        case 'eof':
          break;
      }
    }
  }

  /** Ends the edited line: the cursor goes below it and the line stays in the scrollback. */
  private commit(prompt: string, line: string): void {
    if (this.shown) {
      this.screen.write(`${erase(this.cursorRow)}${PROMPT_STYLE}${prompt}${RESET}${line}\r\n`);
    }
    this.shown = false;
    this.cursorRow = 0;
    this.listeners.onLine?.(`${prompt}${line}`, 'input');
  }

  private async runLine(line: string): Promise<void> {
    const mode = this.mode;
    if (!mode) return;
    const run = new AbortController();
    this.run = run;
    this.listeners.onStatus?.('busy');
    try {
      await mode.run(line, run.signal);
    } catch (error) {
      this.print(error instanceof Error ? error.message : String(error), 'error');
    }
    this.run = undefined;
    if (this.disposed) return;
    this.showPrompt();
    const ahead = this.typedAhead;
    this.typedAhead = [];
    this.handleKeys(ahead);
  }

  private completeWord(): void {
    const found = this.mode?.complete?.(lineOf(this.editor), cursorOffset(this.editor));
    if (!found) return;
    const line = lineOf(this.editor);
    const typed = line.slice(found.start, found.end);
    if (found.options.length === 1) {
      this.editor = replaceRange(this.editor, found.start, found.end, `${found.options[0]} `);
    } else {
      const shared = commonPrefix(found.options);
      if (shared.length > typed.length) this.editor = replaceRange(this.editor, found.start, found.end, shared);
      else this.print(found.options.join('  '), 'note');
    }
    this.redraw();
  }

  private showPrompt(): void {
    if (this.disposed || this.run) return;
    const prompt = this.mode?.prompt() ?? null;
    if (prompt === null) {
      if (this.shown) this.screen.write(erase(this.cursorRow));
      this.shown = false;
      this.cursorRow = 0;
      this.listeners.onStatus?.('busy');
      return;
    }
    this.redraw();
    this.listeners.onStatus?.('idle');
  }

  private redraw(): void {
    const prompt = this.mode?.prompt() ?? null;
    if (prompt === null || this.run) return;
    const drawn = draw(this.shown ? this.cursorRow : 0, prompt, this.editor.chars, this.editor.cursor, this.screen.cols, PROMPT_STYLE);
    this.screen.write(drawn.out);
    this.cursorRow = drawn.cursorRow;
    this.shown = true;
  }

  // ---- ConsoleIO, for the programs ------------------------------------------------------------

  print(text: string, tone: Tone = 'out'): void {
    if (this.disposed) return;
    const lines = safeText(text).split('\n');
    let out = this.shown ? erase(this.cursorRow) : '';
    for (const line of lines) {
      // the lab's own prose wraps at word boundaries; a program's output is shown as it is
      const rows = tone === 'out' ? [line] : wordWrap(line, this.screen.cols);
      for (const row of rows) out += `${SGR[tone]}${row}${SGR[tone] ? RESET : ''}\r\n`;
      this.listeners.onLine?.(line, tone);
    }
    const wasShown = this.shown;
    this.shown = false;
    this.cursorRow = 0;
    this.screen.write(out);
    // output arrived while the student was typing: the line being typed comes back below it
    if (wasShown) this.redraw();
  }

  refreshPrompt(): void {
    this.showPrompt();
  }

  /** The terminal changed width: draw the line again for the new width. */
  resized(): void {
    if (this.shown) this.redraw();
  }

  /** Stops the running line; the programs are disposed by their owner. Safe to call twice. */
  dispose(): void {
    this.disposed = true;
    this.run?.abort();
  }
}
