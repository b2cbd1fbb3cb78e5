// A tiny Python tokenizer for colouring the lessons' listings. The listings are the textbook's
// short programs, so keywords, strings, numbers, comments and names are all the colour needed;
// a full highlighter would cost more bundle than all the listings together.

export type TokenKind = 'keyword' | 'builtin' | 'string' | 'number' | 'comment' | 'name' | 'op' | 'space';
export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
const BUILTINS = new Set('print input len range str bytes int float list dict set tuple open repr isinstance self'.split(' '));

// Order matters: strings (with optional prefix) before names, so b'x' is one string.
const PATTERN =
  /(#[^\n]*)|((?:[rRbBfFuU]{1,2})?(?:'''[\s\S]*?(?:'''|$)|"""[\s\S]*?(?:"""|$)|'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?))|(\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_]\w*)|([^\S\n]+)|(\n)|([^\w\s])/y;

/** Splits Python source into coloured tokens, line by line (a triple-quoted string may span lines). */
export function tokenizePython(source: string): Token[][] {
  const lines: Token[][] = [[]];
  const push = (kind: TokenKind, text: string) => {
    // a multi-line token is cut at its newlines so every line stays self-contained
    const parts = text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ kind, text: part });
    });
  };
  PATTERN.lastIndex = 0;
  let m: RegExpExecArray | null;
  // every iteration consumes at least one character, so this ends within source.length steps
  while (PATTERN.lastIndex < source.length && (m = PATTERN.exec(source))) {
    const [, comment, string, number, name, space, newline, op] = m;
    if (comment !== undefined) push('comment', comment);
    else if (string !== undefined) push('string', string);
    else if (number !== undefined) push('number', number);
    else if (name !== undefined) push(KEYWORDS.has(name) ? 'keyword' : BUILTINS.has(name) ? 'builtin' : 'name', name);
    else if (space !== undefined) push('space', space);
    else if (newline !== undefined) lines.push([]);
    else if (op !== undefined) push('op', op);
  }
  if (PATTERN.lastIndex < source.length) push('name', source.slice(PATTERN.lastIndex));
  // a file ending in a newline has no extra empty line
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0 && source.endsWith('\n')) lines.pop();
  return lines;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The same colouring as HTML, for ```python blocks in a lesson's text (rendered at build time). */
export function highlightPythonHtml(source: string): string {
  return tokenizePython(source)
    .map((line) => line.map((t) => (t.kind === 'space' || t.kind === 'name' || t.kind === 'op' ? escapeHtml(t.text) : `<span class="tok-${t.kind}">${escapeHtml(t.text)}</span>`)).join(''))
    .join('\n');
}
