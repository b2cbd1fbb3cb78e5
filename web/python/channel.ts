// The blocking channel between the program's Web Worker (Python) and the page. Python's socket
// calls block, JavaScript's never do: the worker posts a call to the page and then sleeps in
// Atomics.wait on a SharedArrayBuffer until the page has written the answer there. Only the
// program stops; the page, its consoles and the flow go on. The same buffer carries Stop: the page
// raises Python's interrupt flag (a KeyboardInterrupt at the next bytecode) and wakes any sleep.
//
// Shared memory needs a cross-origin isolated page, which a page joined over the classroom's
// plain-HTTP address is not. There the worker runs in promise mode: Python's call suspends its
// WebAssembly stack on a promise (JSPI, pyodide's run_sync), the page posts the answer back, and
// Stop is a message that answers the waiting call with "interrupted". A loop that makes no call
// cannot be interrupted there: Stop ends the interpreter after its grace (host.ts).

/** Int32 slots at the start of the control buffer. */
export const STATE = 0;
export const LENGTH = 1;
/** Bumped and notified to end a time.sleep() early (Stop). */
export const WAKE = 2;
/** 1 from Stop until the next run: every call that arrives is interrupted at once. */
export const STOPPED = 3;
export const HEADER_BYTES = 16;
/** The largest answer: a 64 KiB datagram in base64 plus its JSON, with room to spare. */
export const ANSWER_BYTES = 1 << 20;

export const IDLE = 0;
export const ASKED = 1;
export const ANSWERED = 2;

/** Python's SIGINT: written into the interrupt buffer, Python raises KeyboardInterrupt. */
export const SIGINT = 2;

export interface ChannelBuffers {
  control: SharedArrayBuffer;
  /** Pyodide's interrupt buffer (one Int32). */
  interrupt: SharedArrayBuffer;
}

export function createBuffers(): ChannelBuffers {
  return { control: new SharedArrayBuffer(HEADER_BYTES + ANSWER_BYTES), interrupt: new SharedArrayBuffer(4) };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Page side: writes the answer to the call the worker is waiting on, and wakes it. */
export function answer(control: SharedArrayBuffer, value: unknown): void {
  const slots = new Int32Array(control, 0, HEADER_BYTES / 4);
  let bytes = encoder.encode(JSON.stringify(value));
  if (bytes.length > ANSWER_BYTES) bytes = encoder.encode(JSON.stringify({ error: 'EMSGSIZE', message: 'answer too large' }));
  new Uint8Array(control, HEADER_BYTES, ANSWER_BYTES).set(bytes);
  Atomics.store(slots, LENGTH, bytes.length);
  Atomics.store(slots, STATE, ANSWERED);
  Atomics.notify(slots, STATE);
}

/** Worker side: marks a call as asked (before posting it). */
export function markAsked(control: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(control, 0, HEADER_BYTES / 4), STATE, ASKED);
}

/** Worker side: blocks until the page answered, then returns the answer's JSON text. */
export function awaitAnswer(control: SharedArrayBuffer): string {
  const slots = new Int32Array(control, 0, HEADER_BYTES / 4);
  while (Atomics.load(slots, STATE) !== ANSWERED) Atomics.wait(slots, STATE, ASKED);
  const length = Atomics.load(slots, LENGTH);
  // decode() refuses views of shared memory: copy out first
  const text = decoder.decode(new Uint8Array(control, HEADER_BYTES, length).slice());
  Atomics.store(slots, STATE, IDLE);
  return text;
}

/** Worker side: time.sleep(seconds), ended early by wake(). Returns false when woken (Stop). */
export function sleep(control: SharedArrayBuffer, seconds: number): boolean {
  const slots = new Int32Array(control, 0, HEADER_BYTES / 4);
  const seen = Atomics.load(slots, WAKE);
  const ms = Math.min(Math.max(0, seconds * 1000), 2 ** 31 - 1);
  return Atomics.wait(slots, WAKE, seen, ms) === 'timed-out';
}

/** Page side: ends a sleep at once. */
export function wake(control: SharedArrayBuffer): void {
  const slots = new Int32Array(control, 0, HEADER_BYTES / 4);
  Atomics.add(slots, WAKE, 1);
  Atomics.notify(slots, WAKE);
}

/** Page side: Stop. Python raises KeyboardInterrupt at its next instruction. */
export function interrupt(buffers: ChannelBuffers): void {
  Atomics.store(new Int32Array(buffers.interrupt), 0, SIGINT);
  wake(buffers.control);
}

/** Page side, on Stop: from now on every call is interrupted, wherever it is answered (the page or
 * the socket worker); Python running (not waiting for an answer) gets KeyboardInterrupt at once.
 * A call that is waiting is interrupted by whoever answers it, so Python is not interrupted twice. */
export function markStopped(buffers: ChannelBuffers): void {
  const slots = new Int32Array(buffers.control, 0, HEADER_BYTES / 4);
  Atomics.store(slots, STOPPED, 1);
  if (Atomics.load(slots, STATE) !== ASKED) interrupt(buffers);
}

/** Page side, before a run: the last Stop is over. */
export function clearStopped(buffers: ChannelBuffers): void {
  Atomics.store(new Int32Array(buffers.control, 0, HEADER_BYTES / 4), STOPPED, 0);
}

export function isStopped(control: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(control, 0, HEADER_BYTES / 4), STOPPED) !== 0;
}

/** The calls the page answers itself (the console's input(), the page's socket ids); the socket
 * worker, when there is one, answers every other. */
export const PAGE_CALLS: ReadonlySet<string> = new Set(['input', 'newid']);

/** Messages from the page to the socket worker's side of one interpreter. */
export type ToProgramServer =
  | { kind: 'stop' }
  | { kind: 'closeAll'; id: number }
  | { kind: 'hint'; id: number; text?: string }
  /** The interpreter went: end its waiting call, close its sockets, forget it. */
  | { kind: 'detach'; id: number };

/** Messages from the socket worker to the page about one interpreter's calls. */
export type FromProgramServer =
  | { kind: 'call'; op: string; line: number }
  | { kind: 'bound'; proto: 'udp' | 'tcp'; local: { address: string; port: number } }
  | { kind: 'closed'; id: number }
  | { kind: 'hint'; id: number; code: string };

/** Messages from the worker to the page. */
export type FromWorker =
  | { kind: 'ready'; loadMs: number; version: string }
  | { kind: 'loadError'; message: string }
  | { kind: 'out'; stream: 'stdout' | 'stderr'; data: Uint8Array }
  /** `call` numbers promise mode's calls (promised.ts); the page's answer repeats it. */
  | { kind: 'call'; op: string; args: string; call?: number }
  | { kind: 'done'; status: number; error?: string };

/** Messages from the page to the worker. */
export type ToWorker =
  /** Without `buffers`: promise mode (no shared memory). */
  | { kind: 'init'; buffers?: ChannelBuffers; indexURL: string; labSocket: string; runner: string; sockets?: MessagePort }
  /** Promise mode: the answer to the call Python waits on (JSON). */
  | { kind: 'answer'; call: number; value: string }
  /** Promise mode: Stop (the waiting call, and every later one until the next run, is interrupted). */
  | { kind: 'stop' }
  | { kind: 'run'; source: string; filename: string; argv: string[]; noThreads: string };
