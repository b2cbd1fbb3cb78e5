// How the consoles show bytes and addresses: the way Python prints them, since the lessons are in
// Python (b'HELLO', ('127.0.0.1', 12000)), and never letting bytes from the network drive the
// terminal (an escape sequence in a datagram is shown, not obeyed).
import type { Address } from '../../protocol/messages.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encode = (text: string): Uint8Array => encoder.encode(text);
export const decode = (bytes: Uint8Array): string => decoder.decode(bytes);

/** Python's repr() of a bytes object: b'hello', b"it's", b'\xed\x95\x9c'. */
export function pyBytes(bytes: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const b of bytes) {
    if (b === 0x27) hasSingle = true;
    if (b === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let body = '';
  for (const b of bytes) {
    if (b === 0x5c) body += '\\\\';
    else if (b === 0x09) body += '\\t';
    else if (b === 0x0a) body += '\\n';
    else if (b === 0x0d) body += '\\r';
    else if (b === quote.charCodeAt(0)) body += `\\${quote}`;
    else if (b < 0x20 || b >= 0x7f) body += `\\x${b.toString(16).padStart(2, '0')}`;
    else body += String.fromCharCode(b);
  }
  return `b${quote}${body}${quote}`;
}

/** Python's repr() of a str: 'hello', "it's", '한글'. */
export function pyStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(new RegExp(quote, 'g'), `\\${quote}`)
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `${quote}${body}${quote}`;
}

/** Text safe to write to the terminal: control characters (ESC, BEL, ...) become visible \xNN;
 * newlines and tabs stay. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** 127.0.0.1:12000, or [::1]:12000 for IPv6. */
export function hostPort(addr: Pick<Address, 'address' | 'port'>): string {
  return addr.address.includes(':') ? `[${addr.address}]:${addr.port}` : `${addr.address}:${addr.port}`;
}

/** Python's address tuple: ('127.0.0.1', 12000). */
export function pyAddress(addr: Pick<Address, 'address' | 'port'>): string {
  return `('${addr.address}', ${addr.port})`;
}
