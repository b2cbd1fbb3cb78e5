// Answers one interpreter's calls: each call is carried (by the page, or by the socket worker) and
// its answer goes back on the interpreter's line: written to the shared buffer, which wakes Python,
// or posted to its worker when the page has no shared memory (promise mode, channel.ts). The same
// on every side, so Stop behaves the same wherever a call waits.
import { answer, isStopped, type ChannelBuffers } from './channel.js';
import type { Answer, CallArgs } from './program-sockets.js';

export type CallHandler = (op: string, args: CallArgs, signal: AbortSignal) => Promise<Answer>;

/** Where an interpreter's answers go, and whether Stop has come since its run began. */
export interface AnswerLine {
  stopped(): boolean;
  /** `call`: the call's number, in promise mode (promised.ts). */
  answer(value: Answer, call?: number): void;
}

/** The shared buffer's line: the answer wakes Python where it waits in Atomics.wait. */
export function sharedLine(buffers: ChannelBuffers): AnswerLine {
  return {
    stopped: () => isStopped(buffers.control),
    answer(value) {
      // the call that Stop interrupted answers "interrupted": the flag must not raise a second time
      if (value.error === 'interrupted') Atomics.store(new Int32Array(buffers.interrupt), 0, 0);
      answer(buffers.control, value);
    },
  };
}

export class CallAnswerer {
  private pending: AbortController | undefined;
  private gone = false;

  constructor(
    private readonly line: AnswerLine,
    private readonly handle: CallHandler,
  ) {}

  /** Carries one call and writes its answer; never throws. `call` goes back with the answer. */
  async serve(op: string, argsJson: string, call?: number): Promise<void> {
    if (this.gone) return;
    const controller = new AbortController();
    this.pending = controller;
    // Stop came before this call began: it is interrupted at once
    if (this.line.stopped()) controller.abort();
    let value: Answer;
    try {
      value = await this.handle(op, JSON.parse(argsJson) as CallArgs, controller.signal);
    } catch (error) {
      value = { error: 'EIO', message: error instanceof Error ? error.message : String(error) };
    }
    if (this.pending === controller) this.pending = undefined;
    if (this.ended()) return;
    this.line.answer(value, call);
  }

  /** Whether the interpreter went (while a call was being carried, too). */
  private ended(): boolean {
    return this.gone;
  }

  /** Stop: the call waiting here (if any) ends with "interrupted". */
  stop(): void {
    this.pending?.abort();
  }

  /** The interpreter went: the waiting call ends and nothing more is answered. */
  dispose(): void {
    this.gone = true;
    this.pending?.abort();
  }
}
