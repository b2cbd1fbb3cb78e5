import { describe, expect, it } from 'vitest';
import { buildRequest, linesWithEndings, type RequestForm } from '../../../web/http/raw-request.js';

const form = (patch: Partial<RequestForm> = {}): RequestForm => ({
  method: 'GET',
  path: '/questions',
  host: '127.0.0.1:12080',
  headers: '',
  body: '',
  autoLength: true,
  ...patch,
});

describe('buildRequest', () => {
  it('writes the request line, the Host header and the empty line, each line ending in \\r\\n', () => {
    const built = buildRequest(form());
    expect(built.text).toBe('GET /questions HTTP/1.1\r\nHost: 127.0.0.1:12080\r\n\r\n');
    expect(built.bytes.length).toBe(built.text.length);
    expect(built.warnings).toEqual([]);
  });

  it('adds Content-Length in UTF-8 bytes for a Korean body', () => {
    const body = '{"text": "소켓이 뭔가요?"}';
    const built = buildRequest(form({ method: 'POST', headers: 'Content-Type: application/json', body }));
    const length = new TextEncoder().encode(body).length;
    expect(length).toBeGreaterThan(body.length);
    expect(built.head).toEqual(['POST /questions HTTP/1.1', 'Host: 127.0.0.1:12080', 'Content-Type: application/json', `Content-Length: ${length}`]);
    expect(built.text.endsWith(`\r\n\r\n${body}`)).toBe(true);
    expect(built.bodyBytes).toBe(length);
  });

  it('keeps a Content-Length the student wrote, and warns when it does not fit the body', () => {
    const built = buildRequest(form({ method: 'POST', headers: 'Content-Length: 50', body: '{"text":"hi"}' }));
    expect(built.head.filter((l) => l.startsWith('Content-Length'))).toEqual(['Content-Length: 50']);
    expect(built.warnings).toEqual([{ key: 'lengthMismatch', vars: { declared: 50, actual: 13 } }]);
  });

  it('warns about a body with no Content-Length and a missing Host', () => {
    const built = buildRequest(form({ host: '', method: 'POST', body: 'x', autoLength: false }));
    expect(built.warnings.map((w) => w.key)).toEqual(['noHost', 'bodyWithoutLength']);
  });

  it('adds the kept cookie unless a Cookie line is written by hand', () => {
    expect(buildRequest(form({ cookie: 'sid=abc' })).head).toContain('Cookie: sid=abc');
    expect(buildRequest(form({ cookie: 'sid=abc', headers: 'cookie: sid=mine' })).head.filter((l) => /^cookie:/i.test(l))).toEqual(['cookie: sid=mine']);
  });

  it('drops empty header lines and flags one that is not "Name: value"', () => {
    const built = buildRequest(form({ headers: '\nAccept: */*\n\nnot a header\n' }));
    expect(built.head).toEqual(['GET /questions HTTP/1.1', 'Host: 127.0.0.1:12080', 'Accept: */*', 'not a header']);
    expect(built.warnings).toEqual([{ key: 'badHeader', vars: { line: 'not a header' } }]);
  });
});

describe('linesWithEndings', () => {
  it("keeps each line's ending, so a bare \\n can be told from \\r\\n", () => {
    expect(linesWithEndings('GET / HTTP/1.1\r\nHost: x\n\r\nbody')).toEqual([
      { text: 'GET / HTTP/1.1', ending: '\r\n' },
      { text: 'Host: x', ending: '\n' },
      { text: '', ending: '\r\n' },
      { text: 'body', ending: '' },
    ]);
  });
});
