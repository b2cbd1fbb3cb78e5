// The console as a whole (line editor + drawing + the program's turn) on xterm's headless build.
import xtermHeadless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { describe, expect, it } from 'vitest';
import { ConsoleController } from '../../../web/console/controller.js';
import type { Completion, ConsoleMode } from '../../../web/console/io.js';

function screen(cols = 40) {
  const term = new xtermHeadless.Terminal({ cols, rows: 12, allowProposedApi: true });
  term.loadAddon(new unicode11.Unicode11Addon());
  term.unicode.activeVersion = '11';
  let queue = Promise.resolve();
  return {
    cols,
    write: (data: string) => {
      queue = queue.then(() => new Promise<void>((done) => term.write(data, done)));
    },
    clear: () => term.clear(),
    /** The visible rows, trailing blanks removed, once everything written is drawn. */
    rows: async () => {
      await queue;
      const rows: string[] = [];
      for (let y = 0; y < term.rows; y++) rows.push(term.buffer.active.getLine(y)?.translateToString(true) ?? '');
      while (rows.length && rows.at(-1) === '') rows.pop();
      return rows;
    },
    cursor: async () => {
      await queue;
      return { x: term.buffer.active.cursorX, y: term.buffer.active.cursorY };
    },
  };
}

/** A program that upper-cases each line after `delayMs`, and can be interrupted. */
function upper(delayMs = 0): ConsoleMode & { seen: string[]; interrupted: number } {
  const mode = {
    seen: [] as string[],
    interrupted: 0,
    io: undefined as ConsoleController | undefined,
    prompt: () => '> ',
    async run(line: string, signal: AbortSignal) {
      mode.seen.push(line);
      await new Promise<void>((done) => {
        const timer = setTimeout(done, delayMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          mode.interrupted++;
          done();
        });
      });
      if (!signal.aborted) mode.io!.print(line.toUpperCase());
    },
    complete: (line: string): Completion | undefined => (line.startsWith('se') ? { start: 0, end: line.length, options: ['sendto', 'send'] } : undefined),
    dispose: () => undefined,
  };
  return mode;
}

function setup(delayMs = 0) {
  const s = screen();
  const lines: string[] = [];
  const statuses: string[] = [];
  let idleWaiters: { left: number; done: () => void }[] = [];
  const c = new ConsoleController(s, () => (key) => key, {
    onLine: (text) => lines.push(text),
    onStatus: (st) => {
      statuses.push(st);
      if (st !== 'idle') return;
      for (const w of idleWaiters) if (--w.left === 0) w.done();
      idleWaiters = idleWaiters.filter((w) => w.left > 0);
    },
  });
  const mode = upper(delayMs);
  (mode as unknown as { io: ConsoleController }).io = c;
  c.setMode(mode);
  /** Resolves when the console has come back to its prompt `times` more times (a line has run):
   * waiting on the controller's own status instead of sleeping, whatever the machine's speed. */
  const idle = (times = 1) => new Promise<void>((done) => idleWaiters.push({ left: times, done }));
  return { s, c, mode, lines, statuses, idle };
}

describe('console controller', () => {
  it('runs a typed line and shows the reply under it, then a fresh prompt', async () => {
    const { s, c, lines, idle } = setup();
    c.input('hello');
    const ran = idle();
    c.input('\r');
    await ran;
    expect(await s.rows()).toEqual(['> hello', 'HELLO', '> ']);
    expect(lines).toEqual(['> hello', 'HELLO']);
    expect(c.status).toBe('idle');
  });

  it('runs a pasted block line by line, each after the previous one finished', async () => {
    const { s, c, mode, idle } = setup(30);
    const ran = idle(2);
    c.input('one\rtwo\rthr');
    await ran;
    expect(mode.seen).toEqual(['one', 'two']);
    expect(await s.rows()).toEqual(['> one', 'ONE', '> two', 'TWO', '> thr']);
  });

  it('keeps what is typed while a line runs and interrupts it on Ctrl-C', async () => {
    const { s, c, mode, statuses, idle } = setup(5000);
    c.input('wait\r');
    expect(c.status).toBe('busy');
    c.input('next');
    const interrupted = idle();
    c.input('\x03');
    await interrupted;
    expect(mode.interrupted).toBe(1);
    expect(c.status).toBe('idle');
    expect(await s.rows()).toEqual(['> wait', '> next']);
    expect(statuses).toContain('busy');
  });

  it('puts output that arrives while the student types above the line being typed', async () => {
    const { s, c } = setup();
    c.input('half 한글');
    c.print('a datagram arrived', 'note');
    expect(await s.rows()).toEqual(['a datagram arrived', '> half 한글']);
    expect(await s.cursor()).toEqual({ x: 11, y: 1 });
  });

  it('completes with Tab: the shared start first, then the list', async () => {
    const { s, c } = setup();
    c.input('se\t');
    expect(await s.rows()).toEqual(['> send']);
    c.input('\t');
    expect(await s.rows()).toEqual(['sendto  send', '> send']);
  });

  it('abandons the line on Ctrl-C at the prompt, leaving it visible with ^C', async () => {
    const { s, c, mode } = setup();
    c.input('oops\x03');
    expect(await s.rows()).toEqual(['> oops^C', '> ']);
    expect(mode.seen).toEqual([]);
  });
});
