import { describe, expect, it } from 'vitest';
import { parseEvent, parseRequest } from '../../protocol/codec.js';
import { MAX_DATA_BYTES } from '../../protocol/limits.js';

const send = (bytes: number) => JSON.stringify({ type: 'tcp.send', sock: 'a', req: 3, data: Buffer.alloc(bytes, 97).toString('base64') });

describe('parseRequest', () => {
  it('accepts a payload of exactly the largest size', () => {
    expect(parseRequest(send(MAX_DATA_BYTES)).ok).toBe(true);
  });
  it('refuses one byte more with LAB_TOO_LARGE and the request number', () => {
    expect(parseRequest(send(MAX_DATA_BYTES + 1))).toMatchObject({ ok: false, code: 'LAB_TOO_LARGE', req: 3 });
  });
  it('tells bad JSON, unknown types and bad shapes apart', () => {
    expect(parseRequest('{')).toMatchObject({ code: 'LAB_BAD_JSON' });
    expect(parseRequest('{"type":"udp.fly","sock":"a"}')).toMatchObject({ code: 'LAB_UNKNOWN_TYPE' });
    expect(parseRequest('{"type":"udp.open","sock":"a","port":70000}')).toMatchObject({ code: 'LAB_BAD_MESSAGE' });
    expect(parseRequest('{"type":"udp.open","sock":"a","__proto__":{"x":1}}')).toMatchObject({ code: 'LAB_BAD_MESSAGE' });
    expect(parseRequest('{"type":"tcp.send","sock":"a","data":"not base64!"}')).toMatchObject({ code: 'LAB_BAD_MESSAGE' });
  });
  it('echoes only a request number the Event schema accepts, so every error answer parses', () => {
    for (const bad of [-1, 2 ** 31 + 1, 1e21, -(2 ** 53), 1.5]) {
      const parsed = parseRequest(JSON.stringify({ type: 'socket.close', sock: 'x', req: bad, zz: 0 }));
      expect(parsed).toMatchObject({ ok: false, code: 'LAB_BAD_MESSAGE' });
      expect(!parsed.ok && parsed.req).toBeUndefined();
      const answer = JSON.stringify({ type: 'socket.error', t: 1, code: 'LAB_BAD_MESSAGE', message: 'x', ...(parsed.ok ? {} : { req: parsed.req }) });
      expect(parseEvent(answer).ok).toBe(true);
    }
    expect(parseRequest(JSON.stringify({ type: 'socket.close', sock: 'x', req: 2 ** 31, zz: 0 }))).toMatchObject({ req: 2 ** 31 });
  });
});
