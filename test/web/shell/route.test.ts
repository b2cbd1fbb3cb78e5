import { describe, expect, it } from 'vitest';
import { lessonHash, lessonIdOf, resolveLesson, shareUrl } from '../../../web/shell/route.js';

describe('hash routing', () => {
  const ids = ['00-welcome', '03-udp', '04-tcp'];
  it('reads the lesson from #/id', () => {
    expect(lessonIdOf('#/03-udp')).toBe('03-udp');
    expect(lessonIdOf(lessonHash('04-tcp'))).toBe('04-tcp');
    expect(lessonIdOf('')).toBeUndefined();
    expect(lessonIdOf('#check-x')).toBeUndefined();
  });
  it('lands in the first lesson for an empty, foreign or unknown hash', () => {
    expect(resolveLesson('', ids)).toBe('00-welcome');
    expect(resolveLesson('#/99-nothing', ids)).toBe('00-welcome');
    expect(resolveLesson('#/04-tcp', ids)).toBe('04-tcp');
    expect(resolveLesson('#/04-tcp', [])).toBeUndefined();
  });
  it('shares a link without the query, so never the token', () => {
    const location = { origin: 'http://127.0.0.1:5173', pathname: '/', search: '?token=secret' };
    expect(shareUrl(location, '03-udp')).toBe('http://127.0.0.1:5173/#/03-udp');
  });
});
