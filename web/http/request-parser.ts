// Reads the HTTP requests a client sent, from the bytes of its connection: the request line, the
// headers up to the empty line, and a body of Content-Length bytes. A request whose empty line has
// not come yet is not a request yet: the server is still waiting for the rest of its header. Pure.

export interface HttpRequest {
  method: string;
  path: string;
  version: string;
  headers: [name: string, value: string][];
  body: Uint8Array;
}

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/(\d\.\d)$/;

/** The complete requests at the start of `bytes`, and how many bytes they used. Stops at the first
 * one that is incomplete or not HTTP. */
export function parseRequests(bytes: Uint8Array): { requests: HttpRequest[]; used: number } {
  const requests: HttpRequest[] = [];
  let at = 0;
  for (;;) {
    const end = emptyLineAfter(bytes, at);
    if (end < 0) break;
    let head = '';
    for (const b of bytes.subarray(at, end - 4)) head += String.fromCharCode(b);
    const [first = '', ...lines] = head.split('\r\n');
    const line = REQUEST_LINE.exec(first);
    if (!line) break;
    const headers = lines.map((l): [string, string] => [l.slice(0, Math.max(0, l.indexOf(':'))), l.slice(l.indexOf(':') + 1).trim()]);
    const length = Number(headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1] ?? 0);
    if (!Number.isInteger(length) || length < 0 || bytes.length < end + length) break;
    requests.push({ method: line[1]!, path: line[2]!, version: line[3]!, headers, body: bytes.slice(end, end + length) });
    at = end + length;
  }
  return { requests, used: at };
}

function emptyLineAfter(bytes: Uint8Array, from: number): number {
  for (let i = from + 3; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] === 0x0d && bytes[i - 2] === 0x0a && bytes[i - 3] === 0x0d) return i + 1;
  }
  return -1;
}
