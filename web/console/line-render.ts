// Draws the prompt and the line being edited into a terminal, and places the cursor by display
// width, so it lands right after a Hangul syllable (2 columns) as after a letter (1 column). The
// line may wrap over several rows; we keep which row of it the cursor is on, to redraw from the top.
import { displayWidth, graphemeWidth, graphemes } from './width.js';

const CSI = '\x1b[';
const up = (n: number) => (n > 0 ? `${CSI}${n}A` : '');
const right = (n: number) => (n > 0 ? `${CSI}${n}C` : '');

export interface Drawn {
  /** The escape sequences and text to write. */
  out: string;
  /** The row of the edit area (0 = the prompt's row) the terminal cursor is on afterwards. */
  cursorRow: number;
}

/** Where each grapheme starts when written from column 0, wrapping as xterm does: a character
 * that does not fit in what is left of the row (a wide one in the last column) goes to the next. */
export function layout(cells: readonly string[], cols: number): { starts: { row: number; col: number }[]; end: { row: number; col: number } } {
  let row = 0;
  let col = 0;
  const starts: { row: number; col: number }[] = [];
  for (const g of cells) {
    const w = graphemeWidth(g);
    if (w > 0 && col + w > cols) {
      row++;
      col = 0;
    }
    starts.push({ row, col });
    col += w;
  }
  return { starts, end: { row, col } };
}

/** Moves to the top of the edit area and clears it (before printing output above the prompt). */
export function erase(cursorRow: number): string {
  return `${up(cursorRow)}\r${CSI}J`;
}

/** Redraws prompt + line. `fromRow` is the cursor row the previous draw left (0 when fresh);
 * `promptStyle` is an SGR sequence for the prompt (its escape bytes take no columns). */
export function draw(fromRow: number, prompt: string, chars: readonly string[], cursor: number, cols: number, promptStyle = ''): Drawn {
  const promptCells = graphemes(prompt);
  const cells = [...promptCells, ...chars];
  const { starts, end } = layout(cells, Math.max(1, cols));
  const styled = promptStyle && prompt ? `${promptStyle}${prompt}${CSI}0m` : prompt;
  let out = erase(fromRow) + styled + chars.join('');
  let cursorRow = end.row;
  if (end.col >= cols) {
    // xterm waits in the last column until the next character; step onto the next row now so the
    // cursor (and an IME's composition) shows where the next character will go
    out += ' \b';
    cursorRow = end.row + 1;
    if (cursor === chars.length) return { out, cursorRow };
  }
  if (cursor < chars.length) {
    const target = starts[promptCells.length + cursor]!;
    out += `\r${up(cursorRow - target.row)}${right(target.col)}`;
    cursorRow = target.row;
  }
  return { out, cursorRow };
}

/** Breaks a line of prose at spaces so no word is cut at the terminal's edge; continuation rows
 * keep the line's indent. A word longer than a row is left for the terminal to cut. */
export function wordWrap(line: string, cols: number): string[] {
  if (displayWidth(line) <= cols) return [line];
  const indent = /^ */.exec(line)![0];
  const words = line.slice(indent.length).split(' ');
  const rows: string[] = [];
  let row = indent;
  for (const word of words) {
    const candidate = row.trim() === '' ? `${row}${word}` : `${row} ${word}`;
    if (displayWidth(candidate) > cols && row.trim() !== '') {
      rows.push(row);
      row = `${indent}${word}`;
    } else {
      row = candidate;
    }
  }
  rows.push(row);
  return rows;
}
