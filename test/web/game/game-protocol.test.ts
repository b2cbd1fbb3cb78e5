import { describe, expect, it } from 'vitest';
import { stringMatching } from '../../support/matchers.js';
import { encodeFrame } from '../../../protocol/framing.js';
import { encodeRequest, parseReply, ReplyReader, REPLY_MAX_SIZE, RequestReader } from '../../../web/game/game-protocol.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Cuts `data` into pieces at the given offsets, as recv() might return them. */
function cut(data: Uint8Array, ...at: number[]): Uint8Array[] {
  const points = [0, ...at, data.length];
  return points.slice(1).map((end, i) => data.slice(points[i], end));
}

describe('encodeRequest', () => {
  it('frames a request as its JSON text, preceded by its size and a space', () => {
    const { frame, bytes: wire } = encodeRequest(['move', [1, 0]]);
    expect(text(wire)).toBe('14 ["move",[1,0]]');
    expect(frame).toEqual({ size: 14, text: '["move",[1,0]]', raw: '14 ["move",[1,0]]' });
  });

  it('counts UTF-8 bytes, not characters, for a Korean name', () => {
    const { frame, bytes: wire } = encodeRequest(['new', '민수', 'pw']);
    expect(frame.size).toBe(bytes('["new","민수","pw"]').length);
    expect(frame.size).toBeGreaterThan('["new","민수","pw"]'.length);
    expect(text(wire)).toBe(`${frame.size} ["new","민수","pw"]`);
  });
});

describe('parseReply', () => {
  it('splits a reply into its result and the flags appended after it', () => {
    expect(parseReply('[true,"map","client"]')).toEqual({ ok: true, result: true, flags: ['map', 'client'] });
    expect(parseReply('["1.0"]')).toEqual({ ok: true, result: '1.0', flags: [] });
  });

  it('recognises an error result', () => {
    expect(parseReply('[{"error":"LOGIN_REQUIRED","message":"log in first"},"map"]')).toEqual({
      ok: false,
      error: { error: 'LOGIN_REQUIRED', message: 'log in first' },
      flags: ['map'],
    });
  });

  it('refuses what is not a non-empty JSON list', () => {
    expect(parseReply('not json')).toBeUndefined();
    expect(parseReply('{"a":1}')).toBeUndefined();
    expect(parseReply('[]')).toBeUndefined();
  });
});

describe('ReplyReader', () => {
  const two = new Uint8Array([...encodeFrame('[true,"map"]'), ...encodeFrame('[{"error":"OFF_MAP","message":"no"}]')]);

  it('reads two replies that came in one chunk', () => {
    const replies = new ReplyReader().push(two);
    expect(replies.map((r) => r.kind === 'reply' && r.reply.ok)).toEqual([true, false]);
  });

  it('reads the same replies whatever the chunks, cut inside the size and inside the payload', () => {
    const reader = new ReplyReader();
    const got = cut(two, 1, 5, 15, 16).flatMap((c) => reader.push(c));
    expect(got.map((r) => (r.kind === 'reply' ? r.frame.raw : r.message))).toEqual(['12 [true,"map"]', '36 [{"error":"OFF_MAP","message":"no"}]']);
    expect(reader.pending).toBe(0);
  });

  it('keeps a Korean name cut between chunks in the middle of a character', () => {
    const wire = encodeFrame('[{"name":"민수"}]');
    const middle = wire.indexOf(0xeb) + 1; // inside 민's three bytes
    const reader = new ReplyReader();
    expect(reader.push(wire.slice(0, middle))).toEqual([]);
    expect(reader.pending).toBe(middle);
    const [reply] = reader.push(wire.slice(middle));
    expect(reply?.kind === 'reply' && reply.reply.ok && reply.reply.result).toEqual({ name: '민수' });
  });

  it("accepts an update larger than the 4096 bytes of the lab's usual frame limit", () => {
    const players = Array.from({ length: 100 }, (_, i) => ({ name: `player${i}`, pos: [i % 10, Math.floor(i / 10)], visual: 'P', say: 'hello there' }));
    const payload = JSON.stringify([{ size: [10, 10], players }]);
    expect(bytes(payload).length).toBeGreaterThan(4096);
    const [reply] = new ReplyReader().push(encodeFrame(payload));
    expect(reply?.kind).toBe('reply');
  });

  it('still refuses a size beyond its own limit', () => {
    const [item] = new ReplyReader().push(bytes(`${REPLY_MAX_SIZE + 1} `));
    expect(item).toMatchObject({ kind: 'bad', message: stringMatching(/larger than the limit/) });
  });

  it('reports a frame whose payload is not a JSON list', () => {
    const [item] = new ReplyReader().push(encodeFrame('hello'));
    expect(item).toMatchObject({ kind: 'bad', frame: { raw: '5 hello' } });
  });
});

describe('RequestReader', () => {
  it('reads back the requests a client sent, in pieces', () => {
    const wire = new Uint8Array([...encodeRequest(['ver']).bytes, ...encodeRequest(['login', 'ann', 'pw']).bytes]);
    const reader = new RequestReader();
    const got = cut(wire, 3, 12).flatMap((c) => reader.push(c));
    expect(got.map((r) => r.request)).toEqual([['ver'], ['login', 'ann', 'pw']]);
  });
});
