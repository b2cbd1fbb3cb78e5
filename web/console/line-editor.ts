// The line editor behind every console prompt: what readline does in a real terminal. Pure state
// and a reducer over keys, no DOM; the console only draws what this returns (line-render.ts).
// The line is kept as graphemes, so one step of the cursor is one character the student sees,
// whatever its width (a Hangul syllable, an emoji, a letter with an accent).
import { parseKeys, type Key } from './keys.js';
import { graphemes } from './width.js';

export interface EditorState {
  readonly chars: readonly string[];
  /** Index into chars: the cursor stands before chars[cursor]. */
  readonly cursor: number;
  /** Submitted lines, oldest first. */
  readonly history: readonly string[];
  /** While browsing history, the entry shown; history.length means the line being written. */
  readonly historyIndex: number;
  /** The unfinished line, kept while the student browses history. */
  readonly draft: readonly string[];
}

export type EditorEffect = { type: 'submit'; line: string } | { type: 'interrupt'; line: string } | { type: 'complete' } | { type: 'clear' } | { type: 'eof' };

export const HISTORY_LIMIT = 200;

export function createEditor(history: readonly string[] = []): EditorState {
  return { chars: [], cursor: 0, history, historyIndex: history.length, draft: [] };
}

export function lineOf(state: EditorState): string {
  return state.chars.join('');
}

/** The cursor as an offset into lineOf(state), in UTF-16 code units (for completion). */
export function cursorOffset(state: EditorState): number {
  return state.chars.slice(0, state.cursor).join('').length;
}

const isSpace = (g: string | undefined) => g !== undefined && /^\s+$/.test(g);

function wordStartBefore(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i > 0 && isSpace(chars[i - 1])) i--;
  while (i > 0 && !isSpace(chars[i - 1])) i--;
  return i;
}

function wordEndAfter(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i < chars.length && isSpace(chars[i])) i++;
  while (i < chars.length && !isSpace(chars[i])) i++;
  return i;
}

function withChars(state: EditorState, chars: readonly string[], cursor: number): EditorState {
  return { ...state, chars, cursor };
}

/** Inserts text at the cursor (typed, composed by an IME, or one line of a paste). */
export function insert(state: EditorState, text: string): EditorState {
  const added = graphemes(text);
  if (added.length === 0) return state;
  // re-segment around the join: a combining mark typed after a letter belongs to that letter
  const before = state.chars.slice(0, state.cursor).join('') + text;
  const beforeChars = graphemes(before);
  const chars = graphemes(before + state.chars.slice(state.cursor).join(''));
  return withChars(state, chars, beforeChars.length);
}

/** Replaces [start, end) of the line (UTF-16 offsets) and puts the cursor after the new text. */
export function replaceRange(state: EditorState, start: number, end: number, text: string): EditorState {
  const line = lineOf(state);
  const before = line.slice(0, start) + text;
  return withChars(state, graphemes(before + line.slice(end)), graphemes(before).length);
}

function submit(state: EditorState): { state: EditorState; line: string } {
  const line = lineOf(state);
  let history = state.history;
  if (line.trim() !== '' && history[history.length - 1] !== line) {
    history = [...history, line].slice(-HISTORY_LIMIT);
  }
  return { state: { chars: [], cursor: 0, history, historyIndex: history.length, draft: [] }, line };
}

function browse(state: EditorState, index: number): EditorState {
  if (index < 0 || index > state.history.length || index === state.historyIndex) return state;
  const draft = state.historyIndex === state.history.length ? state.chars : state.draft;
  const chars = index === state.history.length ? draft : graphemes(state.history[index]!);
  return { ...state, chars, cursor: chars.length, historyIndex: index, draft };
}

/** Applies one key; returns the new state and what the console should do about it. */
export function applyKey(state: EditorState, key: Key): { state: EditorState; effect?: EditorEffect } {
  const { chars, cursor } = state;
  switch (key.kind) {
    case 'text':
      return { state: insert(state, key.text) };
    case 'enter': {
      const done = submit(state);
      return { state: done.state, effect: { type: 'submit', line: done.line } };
    }
    case 'backspace':
      if (cursor === 0) return { state };
      return { state: withChars(state, [...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1) };
    case 'delete':
      if (cursor >= chars.length) return { state };
      return { state: withChars(state, [...chars.slice(0, cursor), ...chars.slice(cursor + 1)], cursor) };
    case 'eof':
      // ctrl-d: end of input on an empty line, otherwise delete forward (as readline does)
      if (chars.length === 0) return { state, effect: { type: 'eof' } };
      return applyKey(state, { kind: 'delete' });
    case 'left':
      return { state: withChars(state, chars, Math.max(0, cursor - 1)) };
    case 'right':
      return { state: withChars(state, chars, Math.min(chars.length, cursor + 1)) };
    case 'wordLeft':
      return { state: withChars(state, chars, wordStartBefore(chars, cursor)) };
    case 'wordRight':
      return { state: withChars(state, chars, wordEndAfter(chars, cursor)) };
    case 'home':
      return { state: withChars(state, chars, 0) };
    case 'end':
      return { state: withChars(state, chars, chars.length) };
    case 'killToStart':
      return { state: withChars(state, chars.slice(cursor), 0) };
    case 'killToEnd':
      return { state: withChars(state, chars.slice(0, cursor), cursor) };
    case 'killWordBack': {
      const start = wordStartBefore(chars, cursor);
      return { state: withChars(state, [...chars.slice(0, start), ...chars.slice(cursor)], start) };
    }
    case 'up':
      return { state: browse(state, state.historyIndex - 1) };
    case 'down':
      return { state: browse(state, state.historyIndex + 1) };
    case 'tab':
      return { state, effect: { type: 'complete' } };
    case 'interrupt': {
      // ctrl-c abandons the line being written, like a shell
      const line = lineOf(state);
      return { state: { ...createEditor(state.history) }, effect: { type: 'interrupt', line } };
    }
    case 'clear':
      return { state, effect: { type: 'clear' } };
  }
}

/** Feeds raw terminal input; effects come out in order (a paste of three lines submits three). */
export function feed(state: EditorState, data: string): { state: EditorState; effects: EditorEffect[] } {
  const effects: EditorEffect[] = [];
  let current = state;
  for (const key of parseKeys(data)) {
    const result = applyKey(current, key);
    current = result.state;
    if (result.effect) effects.push(result.effect);
  }
  return { state: current, effects };
}
