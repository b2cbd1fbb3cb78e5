// One Python program's life on the page: its Web Worker (CPython in WebAssembly, kept warm between
// runs), the blocking channel it calls through, its sockets and Stop. The socket calls are answered
// by the socket worker (which holds the page's WebSocket) when the page has one, so the page's main
// thread is not on their way; input() and the page's socket ids are answered here. A panel owns one
// PythonHost and disposes it when it goes: the worker ends and every socket closes.
import { CallAnswerer, sharedLine, type AnswerLine } from './answerer.js';
import { clearStopped, createBuffers, markStopped, type ChannelBuffers, type FromWorker, type ToWorker } from './channel.js';
import { ProgramLine } from './program-line.js';
import { ProgramSockets, type ProgramHooks } from './program-sockets.js';
import type { LabAccess, LabLink } from '../console/link.js';
import labSocketSource from './lab_socket.py?raw';
import runnerSource from './runner.py?raw';

/** Where the bridge serves the pyodide package's files. */
export const PYODIDE_URL = '/pyodide/';
/** After Stop, how long a program may take to end by itself (its finally: blocks, closing sockets)
 * before its interpreter is ended outright and started again for the next run. */
const STOP_GRACE_MS = 1500;

export interface ProgramOutput {
  /** Text the program printed, decoded as UTF-8 as it arrives. */
  write(text: string, stream: 'stdout' | 'stderr'): void;
}

export interface RunResult {
  /** The exit status: 0, sys.exit's code, 1 after an exception, 130 after Stop. */
  status: number;
  /** Stop had to end the interpreter (the program caught KeyboardInterrupt and went on). */
  killed?: boolean;
  /** Python could not start or ended unexpectedly. */
  error?: string;
}

/** A started interpreter: its worker, the buffers of its channel, its line to the socket worker. */
interface Interpreter {
  worker: Worker;
  /** Absent: promise mode (no shared memory). */
  buffers: ChannelBuffers | undefined;
  version: string;
  line: ProgramLine | undefined;
  /** Whose socket worker answers its calls (a warm interpreter serves only the same page's lab). */
  programs: LabAccess['programs'];
}

/** Interpreters whose panel went while they were idle, kept warm for the next panel (closing and
 * opening an editor, or moving between lessons, does not start Python again). */
const warm: Interpreter[] = [];
const MAX_WARM = 2;

export type HostState = 'cold' | 'loading' | 'ready' | 'running' | 'failed';

export interface HostOptions extends ProgramHooks {
  output: ProgramOutput;
  /** What Python says when a program starts a thread, in the page's language. */
  noThreads: string;
  onState?(state: HostState, detail?: { loadMs?: number; error?: string }): void;
  /** For tests: make the Worker (the default loads web/python/worker.ts). */
  createWorker?(): Worker;
}

/** Can this page block a worker on shared memory? Only when the bridge made it cross-origin isolated. */
export function sharedMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** Can Python wait on a promise instead (WebAssembly's JS promise integration, JSPI)? A page that is
 * not isolated (one joined over the classroom's plain-HTTP address) runs its programs that way. */
export function promiseMode(): boolean {
  return typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function';
}

export function pythonSupported(): boolean {
  return sharedMemory() || promiseMode();
}

export class PythonHost {
  private worker: Worker | undefined;
  private buffers: ChannelBuffers | undefined;
  /** Answers the calls that come to the page (all of them without a socket worker). */
  private answerer: CallAnswerer | undefined;
  /** Promise mode: Stop came since this run began. */
  private stopped = false;
  private line: ProgramLine | undefined;
  private loading: Promise<void> | undefined;
  private running: { done: (result: RunResult) => void; controller: AbortController; started: boolean; stopTimer?: ReturnType<typeof setTimeout> } | undefined;
  /** Python's version, once loaded ("3.14.2"). */
  version: string | undefined;
  private readonly sockets: ProgramSockets;
  private readonly programs: LabAccess['programs'];
  private readonly stdout = new TextDecoder();
  private readonly stderr = new TextDecoder();
  private disposed = false;
  state: HostState = 'cold';

  constructor(
    link: LabLink,
    private readonly options: HostOptions,
  ) {
    this.sockets = new ProgramSockets(link, options);
    this.programs = link.lab.programs;
  }

  private setState(state: HostState, detail?: { loadMs?: number; error?: string }): void {
    this.state = state;
    this.options.onState?.(state, detail);
  }

  /** Starts Python (once; later calls share the same load), or takes a warm interpreter. */
  load(): Promise<void> {
    if (this.loading) return this.loading;
    const keptAt = warm.findIndex((k) => k.programs === this.programs);
    const kept = keptAt < 0 ? undefined : warm.splice(keptAt, 1)[0];
    if (kept) {
      this.worker = kept.worker;
      this.use(kept.buffers, kept.line);
      this.version = kept.version;
      this.listen(
        kept.worker,
        () => undefined,
        () => undefined,
      );
      this.loading = Promise.resolve();
      this.setState('ready', { loadMs: 0 });
      return this.loading;
    }
    this.setState('loading');
    const buffers = sharedMemory() ? createBuffers() : undefined;
    const ports = buffers && this.programs?.attach(buffers);
    this.use(buffers, ports && new ProgramLine(ports.host, this.options));
    const worker = this.options.createWorker?.() ?? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'python' });
    this.worker = worker;
    this.loading = new Promise<void>((resolve, reject) => this.listen(worker, resolve, reject));
    const init: ToWorker = {
      kind: 'init',
      ...(buffers ? { buffers } : {}),
      indexURL: new URL(PYODIDE_URL, location.href).href,
      labSocket: labSocketSource,
      runner: runnerSource,
    };
    if (ports) worker.postMessage({ ...init, sockets: ports.program }, [ports.program]);
    else this.post(init);
    // a failed load can be tried again
    this.loading.catch(() => undefined);
    return this.loading;
  }

  /** Takes an interpreter's channel: the page answers what comes to it, the line the rest. */
  private use(buffers: ChannelBuffers | undefined, line: ProgramLine | undefined): void {
    this.buffers = buffers;
    this.line = line;
    if (line) line.hooks = this.options;
    const answers: AnswerLine = buffers
      ? sharedLine(buffers)
      : { stopped: () => this.stopped, answer: (value, call = 0) => this.post({ kind: 'answer', call, value: JSON.stringify(value) }) };
    this.answerer = new CallAnswerer(answers, (op, args, signal) => this.sockets.handle(op, args, signal));
  }

  /** The interpreter went for good: nothing more is answered, its socket worker side is let go. */
  private drop(): void {
    this.answerer?.dispose();
    this.answerer = undefined;
    void this.line?.detach();
    this.buffers = undefined;
  }

  private listen(worker: Worker, resolve: () => void, reject: (error: Error) => void): void {
    worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const message = ev.data;
      if (message.kind === 'ready') {
        this.version = message.version;
        this.setState('ready', { loadMs: message.loadMs });
        resolve();
      } else if (message.kind === 'loadError') {
        this.fail(message.message);
        reject(new Error(message.message));
      } else this.onMessage(message);
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      const text = ev.message || 'the Python worker failed to start';
      this.fail(text);
      reject(new Error(text));
    };
  }

  private fail(error: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.drop();
    this.loading = undefined;
    this.setState('failed', { error });
    this.finish({ status: 1, error });
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Runs a program to its end (or Stop). One at a time per host; Stop works while Python loads. */
  run(source: string, filename: string, argv: string[] = []): Promise<RunResult> {
    if (this.running) return Promise.reject(new Error('a program is already running'));
    const controller = new AbortController();
    const result = new Promise<RunResult>((done) => {
      this.running = { done, controller, started: false };
    });
    this.load().then(
      () => {
        if (this.disposed || !this.running || this.running.controller !== controller) return;
        if (controller.signal.aborted) return this.finish({ status: 130 });
        this.running.started = true;
        if (this.buffers) clearStopped(this.buffers);
        this.stopped = false;
        this.setState('running');
        this.post({ kind: 'run', source, filename, argv, noThreads: this.options.noThreads });
      },
      (error: unknown) => this.finish({ status: 1, error: error instanceof Error ? error.message : String(error) }),
    );
    return result;
  }

  private onMessage(message: FromWorker): void {
    switch (message.kind) {
      case 'out': {
        const decoder = message.stream === 'stdout' ? this.stdout : this.stderr;
        const text = decoder.decode(message.data, { stream: true });
        if (text) this.options.output.write(text, message.stream);
        return;
      }
      case 'call':
        void this.answerer?.serve(message.op, message.args, message.call);
        return;
      case 'done':
        this.finish({ status: message.status, ...(message.error ? { error: message.error } : {}) });
        return;
      case 'ready':
      case 'loadError':
        return;
    }
  }

  private finish(result: RunResult): void {
    const run = this.running;
    if (!run) return;
    this.running = undefined;
    clearTimeout(run.stopTimer);
    const tail = this.stdout.decode() + this.stderr.decode();
    if (tail) this.options.output.write(tail, 'stdout');
    if (this.state === 'running') this.setState(this.worker ? 'ready' : 'cold');
    void this.closeAll().then(() => run.done(result));
  }

  /** Closes what the program left open (here, or in the socket worker). */
  private async closeAll(): Promise<void> {
    await Promise.all([this.sockets.closeAll(), this.line?.closeAll()]);
  }

  /** Stop: KeyboardInterrupt in the program (a blocked recvfrom/accept/input included); if it does
   * not end within a moment, its interpreter is ended and its sockets closed. */
  stop(): void {
    const run = this.running;
    if (!run || !this.worker) return;
    if (run.controller.signal.aborted) return;
    run.controller.abort();
    // still loading: the program never starts
    if (!run.started) return this.finish({ status: 130 });
    if (this.buffers) markStopped(this.buffers);
    else {
      // promise mode: the waiting call (or sleep) ends with KeyboardInterrupt; a loop that makes
      // no call cannot be reached, and the grace below ends its interpreter
      this.stopped = true;
      this.post({ kind: 'stop' });
    }
    this.answerer?.stop();
    this.line?.stop();
    run.stopTimer = setTimeout(() => this.kill(), STOP_GRACE_MS);
  }

  /** Ends the interpreter outright; the next run starts a new one. */
  private kill(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.loading = undefined;
    this.drop();
    this.setState('cold');
    this.finish({ status: 130, killed: true });
  }

  /** The panel went: end the program and the interpreter, close every socket. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const idle = !this.running && this.state === 'ready' && this.worker && this.answerer && this.version;
    if (idle && warm.length < MAX_WARM) {
      const worker = this.worker!;
      worker.onmessage = null;
      worker.onerror = null;
      warm.push({ worker, buffers: this.buffers, version: this.version!, line: this.line, programs: this.programs });
      this.worker = undefined;
      void this.closeAll();
      return;
    }
    this.running?.controller.abort();
    this.worker?.terminate();
    this.worker = undefined;
    this.loading = undefined;
    this.drop();
    this.finish({ status: 130, killed: true });
    void this.sockets.closeAll();
  }
}
