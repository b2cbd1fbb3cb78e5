// One xterm instance in one container: fitted to the container's size, coloured like the app
// (light or dark), larger in projector mode. The owner calls dispose() on unmount; twice is fine.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { Screen } from './controller.js';
import { alikeInUnicode6 } from './width.js';
import { darkSchemeQuery } from '../shell/browser.js';

/** Font sizes in CSS pixels: the desk, and a projector at the back of a classroom. */
export const FONT_SIZE = { normal: 15, projector: 24 } as const;

/** Colours chosen for contrast (at least 4.5:1 for every colour the consoles use). The app can
 * override each with a CSS variable on <html>: --console-bg, --console-fg, --console-muted... */
const PALETTES: Record<'light' | 'dark', ITheme> = {
  light: {
    background: '#ffffff',
    foreground: '#1f2328',
    cursor: '#1f2328',
    cursorAccent: '#ffffff',
    selectionBackground: '#b6d6fd',
    brightBlack: '#57606a',
    red: '#b42318',
    green: '#1a7f37',
    cyan: '#0550ae',
  },
  dark: {
    background: '#0d1117',
    foreground: '#e6edf3',
    cursor: '#e6edf3',
    cursorAccent: '#0d1117',
    selectionBackground: '#264f78',
    brightBlack: '#9198a1',
    red: '#ff7b72',
    green: '#7ee787',
    cyan: '#79c0ff',
  },
};

const CSS_VARS: [keyof ITheme, string][] = [
  ['background', '--console-bg'],
  ['foreground', '--console-fg'],
  ['cursor', '--console-cursor'],
  ['selectionBackground', '--console-selection'],
  ['brightBlack', '--console-muted'],
  ['red', '--console-error'],
  ['green', '--console-ok'],
  ['cyan', '--console-prompt'],
];

function currentScheme(): 'light' | 'dark' {
  const set = document.documentElement.dataset.theme;
  if (set === 'light' || set === 'dark') return set;
  return darkSchemeQuery()?.matches ? 'dark' : 'light';
}

function currentTheme(): ITheme {
  const theme: ITheme = { ...PALETTES[currentScheme()] };
  const style = getComputedStyle(document.documentElement);
  for (const [key, name] of CSS_VARS) {
    const value = style.getPropertyValue(name).trim();
    if (value) (theme as Record<string, string>)[key] = value;
  }
  return theme;
}

function currentFontSize(): number {
  return document.documentElement.dataset.projector === 'on' ? FONT_SIZE.projector : FONT_SIZE.normal;
}

export interface TerminalOptions {
  /** What a screen reader calls the terminal ("UDP client console"). */
  ariaLabel: string;
  onData: (data: string) => void;
  /** Called after the terminal changed its number of columns. */
  onResize?: () => void;
  /** Esc: the terminal gives up the keyboard (Tab completes inside it, so Tab cannot leave it). */
  onEscape?: () => void;
}

export class ConsoleTerminal implements Screen {
  private readonly terminal: Terminal;
  private readonly fit = new FitAddon();
  private readonly observers: { disconnect(): void }[] = [];
  private readonly stops: (() => void)[] = [];
  private frame = 0;
  private disposed = false;
  /** The Unicode 11 width tables are active. */
  private unicode11 = false;
  /** Writes held while the Unicode 11 tables are fetched. */
  private waiting: string[] | undefined;

  constructor(
    private readonly container: HTMLElement,
    options: TerminalOptions,
  ) {
    this.terminal = new Terminal({
      allowProposedApi: true, // the unicode11 width tables (widerTables) are a "proposed" API
      fontFamily: 'ui-monospace, "Cascadia Mono", "D2Coding", "Noto Sans Mono CJK KR", Menlo, Consolas, monospace',
      fontSize: currentFontSize(),
      theme: currentTheme(),
      cursorBlink: true,
      minimumContrastRatio: 4.5,
      scrollback: 2000,
      convertEol: false,
    });
    this.terminal.loadAddon(this.fit);
    this.terminal.open(container);
    this.terminal.textarea?.setAttribute('aria-label', options.ariaLabel);
    this.terminal.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      if (e.key === 'Escape' && options.onEscape) {
        options.onEscape();
        return false;
      }
      // Ctrl-C with text selected copies it (the browser's copy), without it interrupts
      if (e.ctrlKey && !e.shiftKey && e.key.toLowerCase() === 'c' && this.terminal.hasSelection()) return false;
      return true;
    });
    const dataSub = this.terminal.onData(options.onData);
    const resizeSub = this.terminal.onResize(() => options.onResize?.());
    this.stops.push(
      () => dataSub.dispose(),
      () => resizeSub.dispose(),
    );
    // fit now, before the program prints its greeting (notes are wrapped to the width)
    this.fitNow();

    const resize = new ResizeObserver(() => this.fitSoon());
    resize.observe(container);
    this.observers.push(resize);
    // the app switches theme and projector mode by attributes on <html>
    const look = new MutationObserver(() => this.restyle());
    look.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'data-projector', 'class', 'style'] });
    this.observers.push(look);
    const media = darkSchemeQuery();
    if (media) {
      const onChange = () => this.restyle();
      media.addEventListener('change', onChange);
      this.stops.push(() => media.removeEventListener('change', onChange));
    }
  }

  get cols(): number {
    return this.terminal.cols;
  }

  write(data: string): void {
    if (this.disposed) return;
    if (this.waiting) this.waiting.push(data);
    else if (this.unicode11 || alikeInUnicode6(data)) this.terminal.write(data);
    else this.widerTables(data);
  }

  /** Fetches the Unicode 11 width tables (≈5 KiB, not part of the first page) the first time the
   * console draws text the built-in Unicode 6 ones count differently (an emoji, a newer combining
   * mark), so every character takes the columns the line editor counts; what is written meanwhile
   * waits, in order. Hangul needs no more than the built-in tables: two columns in both. */
  private widerTables(first: string): void {
    const waiting = (this.waiting = [first]);
    import('@xterm/addon-unicode11')
      .then(({ Unicode11Addon }) => {
        if (this.disposed) return;
        this.terminal.loadAddon(new Unicode11Addon());
        this.terminal.unicode.activeVersion = '11';
        this.unicode11 = true;
      })
      // the lab stopped meanwhile: the built-in tables draw it (a column off at worst), and the next
      // such text asks again
      .catch(() => undefined)
      .finally(() => {
        this.waiting = undefined;
        if (!this.disposed) for (const data of waiting) this.terminal.write(data);
      });
  }

  clear(): void {
    this.write('\x1b[H\x1b[2J\x1b[3J');
  }

  setAriaLabel(label: string): void {
    this.terminal.textarea?.setAttribute('aria-label', label);
  }

  focus(): void {
    if (!this.disposed) this.terminal.focus();
  }

  private restyle(): void {
    if (this.disposed) return;
    this.terminal.options.theme = currentTheme();
    const size = currentFontSize();
    if (this.terminal.options.fontSize !== size) {
      this.terminal.options.fontSize = size;
      this.fitSoon();
    }
  }

  /** Fits on the next frame: a burst of resize notifications costs one fit. */
  private fitSoon(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.fitNow();
    });
  }

  private fitNow(): void {
    if (this.disposed || !this.container.isConnected || this.container.clientWidth === 0) return;
    try {
      this.fit.fit();
    } catch {
      // the container is hidden (zero size): fit again when it shows
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    for (const o of this.observers) o.disconnect();
    for (const stop of this.stops) stop();
    this.terminal.dispose();
  }
}
