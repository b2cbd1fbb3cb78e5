import { describe, expect, it } from 'vitest';
import { parseRequests } from '../../../web/http/request-parser.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('parseRequests', () => {
  it('reads requests one after another on one connection, bodies by Content-Length', () => {
    const body = '{"text":"소켓"}';
    const wire = `POST /questions HTTP/1.1\r\nHost: x\r\nContent-Length: ${bytes(body).length}\r\n\r\n${body}GET /questions HTTP/1.1\r\nHost: x\r\n\r\n`;
    const { requests, used } = parseRequests(bytes(wire));
    expect(requests.map((r) => [r.method, r.path, new TextDecoder().decode(r.body)])).toEqual([
      ['POST', '/questions', body],
      ['GET', '/questions', ''],
    ]);
    expect(used).toBe(bytes(wire).length);
  });

  it('does not count a request whose header has not ended (no empty line yet)', () => {
    expect(parseRequests(bytes('GET /questions HTTP/1.1\r\nHost: x\r\n')).requests).toEqual([]);
  });

  it('does not count a request whose body is still short', () => {
    expect(parseRequests(bytes('POST /questions HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc')).requests).toEqual([]);
  });

  it('stops at something that is not a request line', () => {
    expect(parseRequests(bytes('hello\r\n\r\n')).requests).toEqual([]);
  });
});
