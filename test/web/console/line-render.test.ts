// The drawing is checked against a real terminal emulator: xterm's headless build with the same
// unicode 11 width tables the page loads.
import xtermHeadless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { describe, expect, it } from 'vitest';
import { createEditor, feed, type EditorState } from '../../../web/console/line-editor.js';
import { draw, erase, wordWrap } from '../../../web/console/line-render.js';

function terminal(cols: number) {
  const term = new xtermHeadless.Terminal({ cols, rows: 6, allowProposedApi: true });
  term.loadAddon(new unicode11.Unicode11Addon());
  term.unicode.activeVersion = '11';
  const write = (data: string) => new Promise<void>((done) => term.write(data, done));
  const row = (y: number) => term.buffer.active.getLine(y)?.translateToString(true) ?? '';
  const cursor = () => ({ x: term.buffer.active.cursorX, y: term.buffer.active.cursorY });
  return { term, write, row, cursor };
}

/** Types `data` into an editor and draws every intermediate state, as the console does. */
async function session(cols: number, prompt: string, ...data: string[]) {
  const t = terminal(cols);
  let state: EditorState = createEditor();
  let row = 0;
  let drawn = draw(row, prompt, state.chars, state.cursor, cols);
  await t.write(drawn.out);
  row = drawn.cursorRow;
  for (const d of data) {
    state = feed(state, d).state;
    drawn = draw(row, prompt, state.chars, state.cursor, cols);
    await t.write(drawn.out);
    row = drawn.cursorRow;
  }
  return { ...t, state, cursorRow: row };
}

describe('drawing the edited line', () => {
  it('puts the cursor after two Hangul syllables at column prompt + 4', async () => {
    const s = await session(40, '> ', '한글abc', '\x1b[D\x1b[D\x1b[D');
    expect(s.row(0)).toBe('> 한글abc');
    expect(s.cursor()).toEqual({ x: 6, y: 0 });
  });

  it('redraws cleanly after a deletion in the middle (no leftover characters)', async () => {
    const s = await session(40, 'Input lowercase sentence: ', 'hello 세계', '\x1b[D\x1b[D\x7f');
    expect(s.row(0)).toBe('Input lowercase sentence: hello세계');
    expect(s.cursor()).toEqual({ x: 26 + 5, y: 0 });
  });

  it('wraps a wide character that does not fit in the last column, as xterm does', async () => {
    // "> " + 4 letters = 6 columns, then 한 (7-8), 글 would need 9-10 of 9: it goes to row 1
    const s = await session(9, '> ', 'abcd한글', '\x1b[D');
    expect(s.row(0)).toBe('> abcd한');
    expect(s.row(1)).toBe('글');
    expect(s.cursor()).toEqual({ x: 0, y: 1 });
    expect(s.cursorRow).toBe(1);
  });

  it('moves the cursor up a row when it goes back over a wrap', async () => {
    const s = await session(10, '> ', 'abcdefghijkl', '\x1b[H');
    expect(s.row(0)).toBe('> abcdefgh');
    expect(s.row(1)).toBe('ijkl');
    expect(s.cursor()).toEqual({ x: 2, y: 0 });
    const again = draw(s.cursorRow, '> ', s.state.chars, s.state.chars.length, 10);
    await s.write(again.out);
    expect(s.cursor()).toEqual({ x: 4, y: 1 });
  });

  it('steps onto the next row when the line exactly fills the width', async () => {
    const s = await session(10, '> ', 'abcdefgh');
    expect(s.row(0)).toBe('> abcdefgh');
    expect(s.cursor()).toEqual({ x: 0, y: 1 });
    expect(s.cursorRow).toBe(1);
  });

  it('shrinks back from two rows to one without leaving the second row behind', async () => {
    const s = await session(10, '> ', 'abcdefghijkl', '\x15', 'x');
    expect(s.row(0)).toBe('> x');
    expect(s.row(1)).toBe('');
  });

  it('erase() clears the whole edit area from any of its rows', async () => {
    const s = await session(10, '> ', 'abcdefghijkl', '\x1b[H');
    await s.write(erase(s.cursorRow));
    expect(s.row(0)).toBe('');
    expect(s.row(1)).toBe('');
    expect(s.cursor()).toEqual({ x: 0, y: 0 });
  });
});

describe("wrapping the lab's notes", () => {
  it('breaks at spaces, keeps the indent, and counts Hangul as two columns', () => {
    expect(wordWrap('  one two three four', 12)).toEqual(['  one two', '  three four']);
    expect(wordWrap('short', 12)).toEqual(['short']);
    expect(wordWrap('가나다 라마바 사아', 10)).toEqual(['가나다', '라마바', '사아']);
    expect(wordWrap('averyveryverylongword x', 8)).toEqual(['averyveryverylongword', 'x']);
  });
});
