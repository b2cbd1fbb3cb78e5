// The HTTP form's cookie jar: what a browser does with Set-Cookie, in its simplest form. The
// server names a value (Set-Cookie: sid=...; Path=/; HttpOnly); the client sends it back with
// every later request (Cookie: sid=...), and so many separate requests become one session. Pure.

export interface Cookie {
  name: string;
  value: string;
  /** The attributes as sent (Path=/, HttpOnly, ...), for showing. */
  attributes: string[];
}

/** One Set-Cookie header value, or undefined when it names no cookie. */
export function parseSetCookie(header: string): Cookie | undefined {
  const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes: attributes.filter(Boolean) };
}

export type Jar = readonly Cookie[];

/** The jar after a response's Set-Cookie headers: a cookie with the same name is replaced; one
 * set with Max-Age=0 is removed. */
export function storeCookies(jar: Jar, setCookieHeaders: readonly string[]): Cookie[] {
  let next = [...jar];
  for (const header of setCookieHeaders) {
    const cookie = parseSetCookie(header);
    if (!cookie) continue;
    next = next.filter((c) => c.name !== cookie.name);
    if (!cookie.attributes.some((a) => /^max-age\s*=\s*0$/i.test(a))) next.push(cookie);
  }
  return next;
}

/** The Cookie header's value for the jar, or undefined when it is empty. */
export function cookieHeader(jar: Jar): string | undefined {
  return jar.length > 0 ? jar.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
}
