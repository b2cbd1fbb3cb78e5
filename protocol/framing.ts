// Seed 002's framing for a TCP byte stream: the payload's size in ASCII digits, one space, then
// exactly that many bytes ("5 hello"). TCP keeps no message boundaries, so a decoder accumulates
// chunks, reads until the space, then until the payload is complete, and keeps what is left for
// the next frame. Pure code (Uint8Array only) so the bridge's servers and the page's frame-decoder
// view run the very same decoder.
//
// Bad input follows the seed's policy: report it, drop everything buffered, carry on with the
// next bytes that arrive. Counting failures and giving up is the caller's decision.

/** Largest payload the lab's framed servers accept: every decoder needs a limit, or one bad size
 * ("99999999 ") makes it wait for, and buffer, bytes that never come. */
export const FRAME_MAX_SIZE = 4096;

/** Leading zeros are allowed ("007 abcdefg"), but not without end. */
const MAX_SIZE_DIGITS = 10;
const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;

export type FrameErrorCode = 'FRAME_BAD_SIZE' | 'FRAME_TOO_LARGE' | 'FRAME_BAD_UTF8';

export type Decoded =
  | { kind: 'frame'; payload: Uint8Array; /** the payload as text (when the decoder checks UTF-8) */ text?: string }
  | { kind: 'error'; code: FrameErrorCode; message: string; /** bytes thrown away with it */ dropped: number };

export interface DecoderState {
  /** 'size': reading digits up to the space; 'payload': the size is known, waiting for bytes. */
  phase: 'size' | 'payload';
  /** Bytes held for a frame that is not complete yet (header included). */
  buffered: Uint8Array;
  /** The size announced by the header, once its space has arrived. */
  size?: number;
}

export interface DecoderOptions {
  /** Largest payload accepted, in bytes (default FRAME_MAX_SIZE). */
  maxSize?: number;
  /** Check that each payload is UTF-8 and decode it (default true). */
  utf8?: boolean;
}

export class FrameDecoder {
  readonly maxSize: number;
  /** Strict UTF-8 decoding (throws on bad bytes); kept as a function because TextDecoder is a
   * class in the protocol's own declarations but only a value in Node's. */
  private readonly utf8: ((bytes: Uint8Array) => string) | undefined;
  private buffer: Uint8Array = new Uint8Array(0);
  private size: number | undefined;

  constructor(options: DecoderOptions = {}) {
    this.maxSize = options.maxSize ?? FRAME_MAX_SIZE;
    if (!Number.isInteger(this.maxSize) || this.maxSize < 0) throw new RangeError(`maxSize must be a whole number >= 0, got ${options.maxSize}`);
    if (options.utf8 !== false) {
      const decoder = new TextDecoder('utf-8', { fatal: true });
      this.utf8 = (bytes) => decoder.decode(bytes);
    }
  }

  get state(): DecoderState {
    const buffered = this.buffer.slice();
    return this.size === undefined ? { phase: 'size', buffered } : { phase: 'payload', buffered, size: this.size };
  }

  /** Forgets any partial frame. */
  reset(): void {
    this.buffer = new Uint8Array(0);
    this.size = undefined;
  }

  /** Feeds one chunk, exactly as one recv() returned it; returns what it completed, in order. */
  push(chunk: Uint8Array): Decoded[] {
    const work = concat(this.buffer, chunk);
    const out: Decoded[] = [];
    let start = 0; // where the current frame's header begins
    let end = this.size === undefined ? 0 : headerLength(work); // where its payload begins
    for (;;) {
      if (this.size === undefined) {
        const header = readSize(work, start, this.maxSize);
        if (header.kind === 'more') break;
        if (header.kind === 'error') {
          out.push({ kind: 'error', code: header.code, message: header.message, dropped: work.length - start });
          start = work.length;
          break;
        }
        this.size = header.size;
        end = header.next;
      }
      if (work.length - end < this.size) break;
      const payload = work.slice(end, end + this.size);
      const next = end + this.size;
      this.size = undefined;
      const decoded = this.decode(payload);
      if (decoded.kind === 'error') {
        out.push({ ...decoded, dropped: work.length - start });
        start = work.length;
        break;
      }
      out.push(decoded);
      start = next;
    }
    this.buffer = work.slice(start);
    return out;
  }

  private decode(payload: Uint8Array): Decoded {
    if (!this.utf8) return { kind: 'frame', payload };
    try {
      return { kind: 'frame', payload, text: this.utf8(payload) };
    } catch {
      return { kind: 'error', code: 'FRAME_BAD_UTF8', message: `the ${payload.length}-byte payload is not valid UTF-8 text`, dropped: 0 };
    }
  }
}

/** One frame: "<size> <payload>". */
export function encodeFrame(payload: string | Uint8Array): Uint8Array {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return concat(new TextEncoder().encode(`${bytes.length} `), bytes);
}

type Header = { kind: 'more' } | { kind: 'size'; size: number; next: number } | { kind: 'error'; code: FrameErrorCode; message: string };

function readSize(work: Uint8Array, start: number, maxSize: number): Header {
  let value = 0;
  for (let i = start; i < work.length; i++) {
    const byte = work[i]!;
    const digits = i - start;
    if (byte === SPACE) {
      if (digits === 0) return { kind: 'error', code: 'FRAME_BAD_SIZE', message: 'the frame starts with a space: the size (ASCII digits) is missing' };
      return { kind: 'size', size: value, next: i + 1 };
    }
    if (byte < ZERO || byte > NINE) {
      return {
        kind: 'error',
        code: 'FRAME_BAD_SIZE',
        message: `the size must be ASCII digits followed by one space, but byte ${digits + 1} is ${showByte(byte)}`,
      };
    }
    value = value * 10 + (byte - ZERO);
    // said at once, without waiting for the space: a decoder must not buffer an endless header
    if (value > maxSize) {
      return {
        kind: 'error',
        code: 'FRAME_TOO_LARGE',
        message: `the size ${value}${i + 1 < work.length && work[i + 1] !== SPACE ? '…' : ''} is larger than the limit of ${maxSize} bytes`,
      };
    }
    if (digits + 1 > MAX_SIZE_DIGITS) {
      return { kind: 'error', code: 'FRAME_TOO_LARGE', message: `the size has more than ${MAX_SIZE_DIGITS} digits` };
    }
  }
  return { kind: 'more' };
}

/** Where the payload starts when the header is already known to be complete and valid. */
function headerLength(work: Uint8Array): number {
  return work.indexOf(SPACE) + 1;
}

function showByte(byte: number): string {
  const hex = `0x${byte.toString(16).padStart(2, '0')}`;
  return byte >= 0x21 && byte <= 0x7e ? `'${String.fromCharCode(byte)}' (${hex})` : hex;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
