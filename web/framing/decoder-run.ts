// Seed 002's receiving loop, replayed over the chunks one socket's recv() calls returned: the
// shared FrameDecoder (protocol/framing.ts, the one the lab's framed-echo runs) plus the seed's
// policy on bad frames: the decoder drops its buffer, the program counts bad frames in a row, and
// gives up (closes the connection) after too many. Pure, so the view and the tests share it.
import { FrameDecoder, type Decoded, type DecoderState } from '../../protocol/framing.js';

/** As the lab's framed-echo: the third bad frame in a row ends the connection. */
export const MAX_FAILURES = 3;

/** What one recv() returned. */
export interface Chunk {
  seq: number;
  /** µs on the bridge clock */
  t: number;
  bytes: Uint8Array;
}

/** A decoded item, with how many recv() calls its bytes came in. */
export type Outcome = Decoded & { reads: number };

export interface DecodeStep {
  chunk: Chunk;
  /** 1-based: the how-manyth recv() this was */
  index: number;
  before: DecoderState;
  items: Outcome[];
  after: DecoderState;
  /** Bad frames in a row once this chunk was handled. */
  failures: number;
  /** This chunk's bad frame was one too many: the program closes the connection. */
  gaveUp: boolean;
}

export interface DecodeRun {
  steps: DecodeStep[];
  /** Chunks that arrived after giving up (a real program would not read them). */
  ignored: number;
  state: DecoderState;
  failures: number;
  gaveUp: boolean;
}

export function runDecoder(chunks: readonly Chunk[], options: { maxSize?: number; maxFailures?: number } = {}): DecodeRun {
  const maxFailures = options.maxFailures ?? MAX_FAILURES;
  const decoder = new FrameDecoder({ maxSize: options.maxSize });
  const steps: DecodeStep[] = [];
  let failures = 0;
  let gaveUp = false;
  let ignored = 0;
  // the recv() (0-based) in which the frame being assembled began
  let pendingStart: number | undefined;
  chunks.forEach((chunk, i) => {
    if (gaveUp) {
      ignored++;
      return;
    }
    const before = decoder.state;
    if (before.buffered.length === 0) pendingStart = undefined;
    const items: Outcome[] = [];
    for (const [k, item] of decoder.push(chunk.bytes).entries()) {
      const start = k === 0 && pendingStart !== undefined ? pendingStart : i;
      items.push({ ...item, reads: i - start + 1 });
      failures = item.kind === 'error' ? failures + 1 : 0;
      if (failures >= maxFailures) {
        gaveUp = true;
        break;
      }
    }
    const after = decoder.state;
    if (after.buffered.length === 0) pendingStart = undefined;
    else if (items.length > 0 || pendingStart === undefined) pendingStart = i;
    steps.push({ chunk, index: i + 1, before, items, after, failures, gaveUp });
  });
  return { steps, ignored, state: decoder.state, failures, gaveUp };
}

/** A frame whose bytes came in more than one recv() and was put back together. */
export function reassembled(run: DecodeRun): { step: DecodeStep; item: Outcome } | undefined {
  for (const step of run.steps) {
    const item = step.items.find((x) => x.kind === 'frame' && x.reads > 1);
    if (item) return { step, item };
  }
  return undefined;
}

/** A single recv() that held two or more whole frames. */
export function coalesced(run: DecodeRun): DecodeStep | undefined {
  return run.steps.find((s) => s.items.filter((x) => x.kind === 'frame').length >= 2);
}
