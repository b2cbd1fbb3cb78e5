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
