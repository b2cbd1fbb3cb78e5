// An HTTP/1.1 request is text: a request line, header lines, an empty line, then the body. Every
// line ends with CR LF ("\r\n"). This builds that text from the form's fields, exactly as it will
// be sent, and says what an HTTP server would object to. Pure.

export interface RequestForm {
  method: string;
  /** The request target, e.g. /questions */
  path: string;
  /** The Host header's value; empty leaves the header out (and HTTP/1.1 servers answer 400). */
  host: string;
  /** Further header lines, "Name: value", one per line. */
  headers: string;
  body: string;
  /** Add Content-Length for a body, counted in UTF-8 bytes, unless a header line gives one. */
  autoLength: boolean;
  /** A Cookie header value to add ("sid=..."), unless a header line gives one. */
  cookie?: string;
}

export interface BuiltRequest {
  text: string;
  bytes: Uint8Array;
  /** The header section's lines, request line first, without their "\r\n". */
  head: string[];
  bodyBytes: number;
  /** What the server would object to, as keys: noHost, lengthMismatch, bodyWithoutLength, badHeader */
  warnings: { key: string; vars?: Record<string, string | number> }[];
}

export const CRLF = '\r\n';
const encoder = new TextEncoder();

export const byteLength = (text: string): number => encoder.encode(text).length;

/** "Name: value" -> the lower-case name, or undefined for a line that is not a header. */
export function headerName(line: string): string | undefined {
  const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):/.exec(line);
  return m ? m[1]!.toLowerCase() : undefined;
}

export function buildRequest(form: RequestForm): BuiltRequest {
  const warnings: BuiltRequest['warnings'] = [];
  const lines = form.headers
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
  for (const line of lines) if (!headerName(line)) warnings.push({ key: 'badHeader', vars: { line } });
  const has = (name: string) => lines.some((l) => headerName(l) === name);
  const bodyBytes = byteLength(form.body);

  const head = [`${form.method} ${form.path} HTTP/1.1`];
  if (form.host.trim() && !has('host')) head.push(`Host: ${form.host.trim()}`);
  head.push(...lines);
  if (form.autoLength && bodyBytes > 0 && !has('content-length')) head.push(`Content-Length: ${bodyBytes}`);
  if (form.cookie && !has('cookie')) head.push(`Cookie: ${form.cookie}`);

  if (!head.some((l) => headerName(l) === 'host')) warnings.push({ key: 'noHost' });
  const declared = head.map((l) => (headerName(l) === 'content-length' ? Number(l.slice(l.indexOf(':') + 1).trim()) : undefined)).find((n) => n !== undefined);
  if (declared !== undefined && declared !== bodyBytes) warnings.push({ key: 'lengthMismatch', vars: { declared, actual: bodyBytes } });
  if (declared === undefined && bodyBytes > 0) warnings.push({ key: 'bodyWithoutLength', vars: { actual: bodyBytes } });

  const text = `${head.join(CRLF)}${CRLF}${CRLF}${form.body}`;
  return { text, bytes: encoder.encode(text), head, bodyBytes, warnings };
}

/** Text cut into lines that keep their endings, so a view can show every "\r\n" that is there. */
export function linesWithEndings(text: string): { text: string; ending: '\r\n' | '\n' | '' }[] {
  const out: { text: string; ending: '\r\n' | '\n' | '' }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\n') continue;
    const cr = i > start && text[i - 1] === '\r';
    out.push({ text: text.slice(start, cr ? i - 1 : i), ending: cr ? '\r\n' : '\n' });
    start = i + 1;
  }
  if (start < text.length) out.push({ text: text.slice(start), ending: '' });
  return out;
}
