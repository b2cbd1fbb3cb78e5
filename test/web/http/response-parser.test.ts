import { describe, expect, it } from 'vitest';
import { stringMatching } from '../../support/matchers.js';
import { header, headerValues, MAX_RESPONSE_BYTES, parseResponse, ResponseParser } from '../../../web/http/response-parser.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Feeds `data` to a parser in pieces of `size` bytes, as recv() might return them; the states after each. */
function feed(data: string, size: number, method?: string) {
  const parser = new ResponseParser(method);
  const all = bytes(data);
  const states = [];
  for (let i = 0; i < all.length; i += size) states.push(parser.push(all.slice(i, i + size)));
  return { parser, states };
}

const json = '{"questions": [{"id": 1, "text": "소켓이 뭔가요?"}]}\n';
const withLength = `HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${bytes(json).length}\r\n\r\n${json}`;

describe('a response with Content-Length', () => {
  it('is complete only when the announced body has arrived, whatever the chunks', () => {
    for (const size of [1, 3, 7, 64, 10_000]) {
      const { states } = feed(withLength, size);
      const last = states.at(-1)!;
      expect(last.state).toBe('done');
      expect(states.slice(0, -1).every((s) => s.state !== 'done')).toBe(true);
      if (last.state !== 'done') continue;
      expect(last.response).toMatchObject({ version: '1.1', status: 200, reason: 'OK', framing: 'content-length', extra: 0 });
      expect(text(last.response.body)).toBe(json);
    }
  });

  it('says it is reading the body while part of it is missing, and how much came', () => {
    const cutShort = bytes(withLength).slice(0, -5);
    const state = parseResponse(cutShort, false);
    expect(state.state).toBe('body');
    expect(state.received).toBe(cutShort.length);
    expect(parseResponse(cutShort, true)).toMatchObject({ state: 'error', message: stringMatching(/closed after/) });
  });

  it('counts bytes after the body as extra (a second response on the same connection)', () => {
    const state = parseResponse(bytes(`${withLength}HTTP/1.1 404`), false);
    expect(state.state === 'done' && state.response.extra).toBe(12);
  });

  it('reads headers in order and finds them by any case', () => {
    const state = parseResponse(bytes('HTTP/1.1 201 Created\r\nSet-Cookie: sid=a; Path=/\r\nset-cookie: theme=dark\r\nContent-Length: 0\r\n\r\n'), false);
    if (state.state !== 'done') throw new Error(state.state);
    expect(headerValues(state.response, 'SET-COOKIE')).toEqual(['sid=a; Path=/', 'theme=dark']);
    expect(header(state.response, 'content-length')).toBe('0');
  });
});

describe('a chunked response', () => {
  const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\nsocket \r\nf;ext=1\r\n프로그래밍\r\n0\r\nX-Trailer: yes\r\n\r\n';
  it('is put together from its chunks, whatever the recv() pieces', () => {
    for (const size of [1, 2, 5, 1000]) {
      const last = feed(chunked, size).states.at(-1)!;
      expect(last.state).toBe('done');
      if (last.state === 'done') {
        expect(last.response.framing).toBe('chunked');
        expect(text(last.response.body)).toBe('socket 프로그래밍');
      }
    }
  });

  it('is not done before the last chunk and the empty line', () => {
    expect(parseResponse(bytes(chunked.slice(0, chunked.indexOf('0\r\n'))), false).state).toBe('body');
    expect(parseResponse(bytes(chunked.slice(0, -2)), false).state).toBe('body');
  });

  it('refuses a chunk size that is not hexadecimal', () => {
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'), false)).toMatchObject({
      state: 'error',
      message: stringMatching(/hexadecimal/),
    });
  });
});

describe('responses with no body framing', () => {
  it('read the body until the server closes', () => {
    const data = bytes('HTTP/1.0 200 OK\r\n\r\nall of it');
    expect(parseResponse(data, false).state).toBe('body');
    const done = parseResponse(data, true);
    expect(done.state === 'done' && [done.response.framing, text(done.response.body)]).toEqual(['close', 'all of it']);
  });

  it('have no body for HEAD, 204 and 304', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 120\r\n\r\n';
    expect(parseResponse(bytes(head), false, 'HEAD')).toMatchObject({ state: 'done', response: { framing: 'none' } });
    expect(parseResponse(bytes('HTTP/1.1 204 No Content\r\n\r\n'), false)).toMatchObject({ state: 'done' });
  });
});

describe('what is not an HTTP response', () => {
  it('waits for the empty line, then refuses a bad status line or header', () => {
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n'), false).state).toBe('head');
    expect(parseResponse(bytes('HELLO\r\n\r\n'), false)).toMatchObject({ state: 'error', message: stringMatching(/status line/) });
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nno colon\r\n\r\n'), false)).toMatchObject({ state: 'error', message: stringMatching(/header line/) });
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n'), false)).toMatchObject({ state: 'error' });
  });

  it('explains a connection that closed with nothing or in the header', () => {
    expect(parseResponse(new Uint8Array(0), true)).toMatchObject({ state: 'error', message: stringMatching(/without a response/) });
    expect(parseResponse(bytes('HTTP/1.1 200'), true)).toMatchObject({ state: 'error', message: stringMatching(/before the header ended/) });
  });

  it('stops waiting beyond its size limit', () => {
    expect(parseResponse(new Uint8Array(MAX_RESPONSE_BYTES + 1), false).state).toBe('error');
  });
});
