import { describe, expect, it } from 'vitest';
import { cookieHeader, parseSetCookie, storeCookies } from '../../../web/http/cookies.js';

describe('cookies', () => {
  it('reads a Set-Cookie header: the name, the value and the attributes', () => {
    expect(parseSetCookie('sid=Ab-9_x; Path=/; HttpOnly; SameSite=Strict')).toEqual({
      name: 'sid',
      value: 'Ab-9_x',
      attributes: ['Path=/', 'HttpOnly', 'SameSite=Strict'],
    });
    expect(parseSetCookie('no value here')).toBeUndefined();
  });

  it('keeps cookies and sends back only name=value pairs', () => {
    const jar = storeCookies([], ['sid=one; Path=/', 'theme=dark']);
    expect(cookieHeader(jar)).toBe('sid=one; theme=dark');
  });

  it('replaces a cookie set again and removes one set with Max-Age=0', () => {
    let jar = storeCookies([], ['sid=one', 'theme=dark']);
    jar = storeCookies(jar, ['sid=two']);
    expect(cookieHeader(jar)).toBe('theme=dark; sid=two');
    jar = storeCookies(jar, ['theme=; Max-Age=0']);
    expect(cookieHeader(jar)).toBe('sid=two');
    expect(cookieHeader([])).toBeUndefined();
  });
});
