import { describe, expect, it } from 'vitest';
import { parseKeys } from '../../../web/console/keys.js';
import { createEditor, cursorOffset, feed, lineOf, replaceRange, type EditorState } from '../../../web/console/line-editor.js';
import { displayWidth, graphemes } from '../../../web/console/width.js';

const KEY = {
  left: '\x1b[D',
  right: '\x1b[C',
  up: '\x1b[A',
  down: '\x1b[B',
  home: '\x1b[H',
  end: '\x1b[F',
  del: '\x1b[3~',
  backspace: '\x7f',
  ctrlA: '\x01',
  ctrlE: '\x05',
  ctrlU: '\x15',
  ctrlK: '\x0b',
  ctrlW: '\x17',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlLeft: '\x1b[1;5D',
  enter: '\r',
};

function typed(...data: string[]): { state: EditorState; submitted: string[] } {
  let state = createEditor();
  const submitted: string[] = [];
  for (const d of data) {
    const r = feed(state, d);
    state = r.state;
    for (const e of r.effects) if (e.type === 'submit') submitted.push(e.line);
  }
  return { state, submitted };
}

describe('line editor: editing keys', () => {
  it('inserts at the cursor after moving left', () => {
    const { state } = typed('helo', KEY.left, 'l');
    expect(lineOf(state)).toBe('hello');
    expect(state.cursor).toBe(4);
  });

  it('backspace deletes before the cursor, delete after it, and both stop at the ends', () => {
    expect(lineOf(typed('abc', KEY.backspace).state)).toBe('ab');
    expect(lineOf(typed('abc', KEY.home, KEY.del).state)).toBe('bc');
    expect(lineOf(typed('abc', KEY.home, KEY.backspace).state)).toBe('abc');
    expect(lineOf(typed('abc', KEY.del).state)).toBe('abc');
  });

  it('home/end and ctrl-a/ctrl-e move to the ends', () => {
    expect(typed('abc', KEY.home).state.cursor).toBe(0);
    expect(typed('abc', KEY.ctrlA).state.cursor).toBe(0);
    expect(typed('abc', KEY.home, KEY.end).state.cursor).toBe(3);
    expect(typed('abc', KEY.ctrlA, KEY.ctrlE).state.cursor).toBe(3);
  });

  it('left and right stop at the ends of the line', () => {
    expect(typed('ab', KEY.left, KEY.left, KEY.left).state.cursor).toBe(0);
    expect(typed('ab', KEY.right).state.cursor).toBe(2);
  });

  it('ctrl-u kills to the start and ctrl-k to the end', () => {
    const u = typed('hello world', KEY.left, KEY.left, KEY.left, KEY.left, KEY.left, KEY.ctrlU).state;
    expect(lineOf(u)).toBe('world');
    expect(u.cursor).toBe(0);
    const k = typed('hello world', KEY.home, KEY.right, KEY.right, KEY.ctrlK).state;
    expect(lineOf(k)).toBe('he');
  });

  it('ctrl-w deletes the word before the cursor with the spaces after it', () => {
    expect(lineOf(typed('send hello world  ', KEY.ctrlW).state)).toBe('send hello ');
    expect(lineOf(typed('send hello', KEY.ctrlW, KEY.ctrlW).state)).toBe('');
  });

  it('ctrl-left jumps to the start of the previous word', () => {
    expect(typed('sendto hello udp-upper', KEY.ctrlLeft).state.cursor).toBe(13);
  });

  it('ctrl-c abandons the line and reports it; ctrl-d on an empty line is end of input', () => {
    const r = feed(createEditor(), `half${KEY.ctrlC}`);
    expect(lineOf(r.state)).toBe('');
    expect(r.effects).toEqual([{ type: 'interrupt', line: 'half' }]);
    expect(feed(createEditor(), KEY.ctrlD).effects).toEqual([{ type: 'eof' }]);
    expect(lineOf(feed(feed(createEditor(), `ab${KEY.home}`).state, KEY.ctrlD).state)).toBe('b');
  });

  it('tab asks for completion without changing the line', () => {
    const r = feed(createEditor(), 'sen\t');
    expect(r.effects).toEqual([{ type: 'complete' }]);
    expect(lineOf(r.state)).toBe('sen');
  });

  it('replaceRange swaps a word and puts the cursor after it', () => {
    const s = replaceRange(typed('sen x').state, 0, 3, 'sendto ');
    expect(lineOf(s)).toBe('sendto  x');
    expect(cursorOffset(s)).toBe(7);
  });

  it('drops control bytes and unknown escape sequences instead of inserting them', () => {
    expect(lineOf(typed('a\x07b\x1b[99zc').state)).toBe('abc');
  });
});

describe('line editor: history', () => {
  it('up and down walk the submitted lines and come back to the unfinished one', () => {
    const { state } = typed('one\r', 'two\r', 'draft', KEY.up);
    expect(lineOf(state)).toBe('two');
    const older = feed(state, KEY.up).state;
    expect(lineOf(older)).toBe('one');
    expect(lineOf(feed(older, KEY.up).state)).toBe('one'); // nothing older
    const back = feed(older, KEY.down + KEY.down).state;
    expect(lineOf(back)).toBe('draft');
  });

  it('keeps neither empty lines nor a repeat of the last line', () => {
    const { state } = typed('same\r', 'same\r', '   \r');
    expect(state.history).toEqual(['same']);
  });
});

describe('line editor: paste', () => {
  it('submits each pasted line in order and keeps the unfinished last one', () => {
    const { state, submitted } = typed('first line\rsecond\r\nthird\nrest');
    expect(submitted).toEqual(['first line', 'second', 'third']);
    expect(lineOf(state)).toBe('rest');
  });

  it('ignores bracketed-paste markers', () => {
    expect(typed('\x1b[200~pasted\x1b[201~').state.chars.join('')).toBe('pasted');
  });

  it('tells keys apart from text in one burst', () => {
    expect(parseKeys('ab\x1b[Dc\r')).toEqual([{ kind: 'text', text: 'ab' }, { kind: 'left' }, { kind: 'text', text: 'c' }, { kind: 'enter' }]);
  });
});

describe('line editor: Korean and other wide characters', () => {
  it('measures Hangul as two columns and ASCII as one', () => {
    expect(displayWidth('한글')).toBe(4);
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('안녕 hi')).toBe(7);
  });

  it('moves the cursor one syllable at a time', () => {
    const { state } = typed('안녕하세요', KEY.left, KEY.left);
    expect(state.cursor).toBe(3);
    expect(displayWidth(state.chars.slice(0, state.cursor).join(''))).toBe(6);
    expect(lineOf(feed(state, KEY.backspace).state)).toBe('안녕세요');
  });

  it('takes IME-composed text as one insert (xterm hands over the finished syllables)', () => {
    const { state } = typed('hello ', '세계');
    expect(lineOf(state)).toBe('hello 세계');
    expect(state.cursor).toBe(8);
  });

  it('keeps a combining mark with its letter, and an emoji with its modifier, as one step', () => {
    expect(graphemes('e\u0301a')).toEqual(['e\u0301', 'a']);
    const { state } = typed('e', '\u0301', KEY.backspace);
    expect(lineOf(state)).toBe('');
    expect(graphemes('👍🏽x')).toHaveLength(2);
  });
});
