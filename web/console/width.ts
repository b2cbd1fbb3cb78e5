// Display widths, as a terminal counts them: Hangul and other East Asian wide characters take two
// columns, combining marks none. The line editor moves its cursor by these widths, so a Korean
// sentence keeps the cursor where the student sees it.
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Splits text into what a person sees as characters (a Hangul syllable, an emoji with modifiers). */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Columns one grapheme takes in the terminal: 0, 1 or 2. */
export function graphemeWidth(grapheme: string): number {
  return Math.min(2, stringWidth(grapheme));
}

/** Columns a whole string takes. */
export function displayWidth(text: string): number {
  let total = 0;
  for (const g of graphemes(text)) total += graphemeWidth(g);
  return total;
}

/** Text that xterm lays out the same with its built-in Unicode 6 width tables as with the Unicode 11
 * ones the line editor's widths agree with: Latin, Hangul (syllables and jamo, two columns in both),
 * general punctuation, arrows, box drawing, block elements and geometric shapes, CJK symbols, full-width forms, and the terminal's own
 * escape sequences (checked code point by code point against both tables:
 * test/web/console/width.test.ts). Anything else (an emoji, a newer combining mark) needs the
 * Unicode 11 tables, which the console fetches only then (terminal.ts). */
const ALIKE_IN_UNICODE_6 =
  // eslint-disable-next-line no-control-regex -- the console writes control characters (ESC, CR, LF) as it draws
  /^[\u0000-\u02FF\u1100-\u11FF\u2000-\u2063\u2070-\u20BF\u2100-\u214F\u2190-\u22FF\u2500-\u25FC\u3000-\u302D\u3030-\u303F\u3131-\u318E\uAC00-\uD7A3\uD7B0-\uD7FF\uFF01-\uFF60]*$/u;

/** Whether the built-in Unicode 6 tables draw `text` as the Unicode 11 ones would. */
export function alikeInUnicode6(text: string): boolean {
  return ALIKE_IN_UNICODE_6.test(text);
}
