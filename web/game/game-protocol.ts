// The game protocol of lesson 7 as the page speaks it: each request is a JSON list in one of seed
// 002's frames ("size payload"), each reply a framed JSON list [result, ...flags]. Pure code: the
// game panel, its tests and the observe rules decode with the very same functions.
//
// Replies can be larger than the lab's usual frame limit of 4096 bytes (["update"] lists everyone
// online), so the page's decoder accepts up to REPLY_MAX_SIZE; it still needs a limit, as every
// decoder does.
import { encodeFrame, FrameDecoder } from '../../protocol/framing.js';

export const REPLY_MAX_SIZE = 65536;

/** The commands, in the order the lesson introduces them: three before login, four after. */
export const BEFORE_LOGIN = ['ver', 'login', 'new'] as const;
export const AFTER_LOGIN = ['update', 'move', 'get', 'set'] as const;
export type GameCommand = (typeof BEFORE_LOGIN)[number] | (typeof AFTER_LOGIN)[number];

/** What an error reply's result looks like: {"error": CODE, "message": text}. */
export interface GameError {
  error: string;
  message: string;
}

/** One reply, split into its result and the flags the server appended after it. */
export type GameReply = { ok: true; result: unknown; flags: string[] } | { ok: false; error: GameError; flags: string[] };

/** A frame as it travelled: its payload's size, the payload's text, and the whole frame. */
export interface WireFrame {
  size: number;
  text: string;
  /** "size payload", exactly the bytes on the wire (as text). */
  raw: string;
}

export type DecodedReply =
  | { kind: 'reply'; frame: WireFrame; reply: GameReply }
  /** A frame arrived but is not a reply (not JSON, not a list); or the bytes were not a frame. */
  | { kind: 'bad'; frame?: WireFrame; message: string };

/** One request, framed: ["move", [1, 0]] -> "14 [\"move\",[1,0]]". */
export function encodeRequest(request: readonly unknown[]): { frame: WireFrame; bytes: Uint8Array } {
  const text = JSON.stringify(request);
  // the size counts UTF-8 bytes, not characters: a Korean name makes them differ
  const size = new TextEncoder().encode(text).length;
  return { frame: { size, text, raw: `${size} ${text}` }, bytes: encodeFrame(text) };
}

/** A reply's error element as it arrives: its `error` checked, its `message` not yet. */
type ArrivedError = { error: string; message?: unknown };

export function isGameError(value: unknown): value is ArrivedError {
  return typeof value === 'object' && value !== null && typeof (value as ArrivedError).error === 'string';
}

/** Reads one reply's payload: a JSON list whose first element is the result, the rest flags. */
export function parseReply(text: string): GameReply | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const [result, ...rest] = raw as unknown[];
  const flags = rest.filter((f): f is string => typeof f === 'string');
  if (isGameError(result)) return { ok: false, error: { error: result.error, message: typeof result.message === 'string' ? result.message : '' }, flags };
  return { ok: true, result, flags };
}

/** Accumulates the reply stream, chunk by chunk as recv() returned them, into replies. */
export class ReplyReader {
  private readonly decoder = new FrameDecoder({ maxSize: REPLY_MAX_SIZE });

  push(chunk: Uint8Array): DecodedReply[] {
    return this.decoder.push(chunk).map((item): DecodedReply => {
      if (item.kind === 'error') return { kind: 'bad', message: item.message };
      const text = item.text ?? '';
      const frame: WireFrame = { size: item.payload.length, text, raw: `${item.payload.length} ${text}` };
      const reply = parseReply(text);
      return reply ? { kind: 'reply', frame, reply } : { kind: 'bad', frame, message: 'the payload is not a JSON list' };
    });
  }

  /** Bytes of a frame that has not fully arrived yet. */
  get pending(): number {
    return this.decoder.state.buffered.length;
  }

  reset(): void {
    this.decoder.reset();
  }
}

/** Reads requests the same way (the rules look at what the page sent). */
export class RequestReader {
  private readonly decoder = new FrameDecoder({ maxSize: REPLY_MAX_SIZE });

  push(chunk: Uint8Array): { frame: WireFrame; request: unknown[] | undefined }[] {
    return this.decoder.push(chunk).flatMap((item) => {
      if (item.kind === 'error') return [];
      const text = item.text ?? '';
      let request: unknown[] | undefined;
      try {
        const raw: unknown = JSON.parse(text);
        request = Array.isArray(raw) ? raw : undefined;
      } catch {
        request = undefined;
      }
      return [{ frame: { size: item.payload.length, text, raw: `${item.payload.length} ${text}` }, request }];
    });
  }
}
