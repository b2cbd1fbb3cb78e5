// Renders a lesson's Markdown body at build time. Raw HTML is off (escaped), so the page can insert
// the result as HTML; the lines `::: panel <id>`, `::: panels <id> <id>` and `::: check <id>` cut the body into segments
// that the page fills with live panels.
import MarkdownIt from 'markdown-it';
import type { MarkdownIt as Markdown, StateBlock, Token } from 'markdown-it';
import { highlightPythonHtml } from './python.js';
import type { Segment } from './types.js';

const DIRECTIVE = /^:::\s*(\S+)\s*(\S*)\s*(.*)$/;

/** A line starting with ":::" becomes one `directive` token (panel, check, or a mistake to report). */
function directiveRule(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const line = state.src.slice(start, state.eMarks[startLine]);
  if (!line.startsWith(':::')) return false;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false; // an indented code block
  if (silent) return true;
  const token = state.push('directive', '', 0);
  token.content = line;
  token.map = [startLine, startLine + 1];
  state.line = startLine + 1;
  return true;
}

function createMarkdown(): Markdown {
  const md = new MarkdownIt({
    html: false,
    linkify: false,
    typographer: false,
    highlight: (code, lang) => (lang === 'python' || lang === 'py' ? highlightPythonHtml(code) : ''),
  });
  md.block.ruler.before('paragraph', 'directive', directiveRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  // links out of the lab open in a new tab, so a running experiment is not lost
  const renderLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (/^https?:/.test(String(token.attrGet('href') ?? ''))) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer');
    }
    return renderLink(tokens, idx, options, env, self);
  };
  return md;
}

const md = createMarkdown();

export interface RenderedBody {
  segments: Segment[];
  /** Authoring mistakes, each "line N: message" (1-based within the body). */
  errors: string[];
}

/** Renders the body and cuts it at its directives. */
export function renderBody(body: string): RenderedBody {
  const env = {};
  const tokens = md.parse(body, env);
  const segments: Segment[] = [];
  const errors: string[] = [];
  let from = 0;
  const flush = (to: number) => {
    const html = md.renderer.render(tokens.slice(from, to), md.options, env).trim();
    if (html) segments.push({ kind: 'html', html });
  };
  tokens.forEach((token: Token, i: number) => {
    if (token.type !== 'directive') return;
    const line = (token.map?.[0] ?? 0) + 1;
    const [, kind, id, rest] = DIRECTIVE.exec(token.content) ?? [];
    if (token.level !== 0) errors.push(`line ${line}: "${token.content}" must stand on a line of its own, outside lists and quotes`);
    else if (kind === 'panels' && id && rest && rest.split(/\s+/).length <= 2) {
      flush(i);
      segments.push({ kind: 'row', ids: [id, ...rest.split(/\s+/)] });
    } else if ((kind !== 'panel' && kind !== 'check') || !id || rest) {
      errors.push(`line ${line}: "${token.content}" is not "::: panel <id>", "::: panels <id> <id> [<id>]" or "::: check <id>"`);
    } else {
      flush(i);
      segments.push({ kind, id });
    }
    from = i + 1;
  });
  flush(tokens.length);
  return { segments, errors };
}
