// The contract between the console (terminal, line editor) and the programs that run in it: the
// textbook client, the textbook server, and command mode. Programs print through ConsoleIO and
// never touch the terminal, so they run the same under a test with a fake IO.

/** How a line is shown: program output plain, the lab's own notes dimmed, errors in red. */
export type Tone = 'out' | 'note' | 'error' | 'ok';

export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface ConsoleIO {
  /** Prints text (one or more lines) below everything printed so far. */
  print(text: string, tone?: Tone): void;
  /** The program's prompt() changed while no line was running (a server stopped). */
  refreshPrompt(): void;
  readonly t: Translate;
}

/** Tab completion: replace line[start, end) with one of the options. */
export interface Completion {
  start: number;
  end: number;
  options: string[];
}

export interface ConsoleMode {
  /** The prompt of the line the program reads, or null while it reads none (a server running). */
  prompt(): string | null;
  /** Called when the mode takes over the console: print a greeting, start a server. */
  start?(): void;
  /** Handles one line the student submitted; the next prompt appears when this resolves. Ctrl-C
   * aborts the signal (Python's KeyboardInterrupt). */
  run(line: string, signal: AbortSignal): Promise<void>;
  complete?(line: string, cursor: number): Completion | undefined;
  /** Ctrl-C while no line runs (a server loop) */
  interrupt?(): void;
  /** Closes the mode's sockets. Safe to call twice. */
  dispose(): void;
}
