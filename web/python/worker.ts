/// <reference types="emscripten" />
// The program's Web Worker: CPython compiled to WebAssembly (Pyodide), loaded once and kept warm
// between runs. Its files are served by the bridge from the pyodide package (/pyodide/): nothing
// comes from the Internet. socket, select and selectors are the lab's (lab_socket.py): each call
// goes over the blocking channel (channel.ts) to the socket worker (which holds the page's
// WebSocket to the bridge), or to the page when there is none. Without shared memory (a page that
// is not cross-origin isolated) the calls go to the page in promise mode: see channel.ts.
import type { PyodideAPI } from 'pyodide';
import { awaitAnswer, markAsked, PAGE_CALLS, sleep, type ChannelBuffers, type FromWorker, type ToWorker } from './channel.js';
import { INTERRUPTED, PromisedCalls } from './promised.js';

/** The worker's global scope (the DOM library's types describe a window, not a worker). */
const scope = self as unknown as {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent<ToWorker>) => void) | null;
};
let python: PyodideAPI | undefined;
let buffers: ChannelBuffers | undefined;
/** The socket worker, which answers the socket calls without the page's main thread (absent: the
 * page answers every call). */
let sockets: MessagePort | undefined;
let runFn: ((source: string, filename: string, argv: string[], noThreads: string) => number | Promise<number>) | undefined;

/** Promise mode: the call Python waits on, time.sleep and Stop (promised.ts). */
const promised = new PromisedCalls((call, op, args) => post({ kind: 'call', op, args, call }));

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** One socket call: post it to the page, block until the answer is written. */
function call(op: string, args: string): string {
  const control = buffers!.control;
  const flag = new Int32Array(buffers!.interrupt);
  // Stop came while Python was between calls: the call is interrupted before it starts
  if (Atomics.exchange(flag, 0, 0) !== 0) return INTERRUPTED;
  markAsked(control);
  if (sockets && !PAGE_CALLS.has(op)) sockets.postMessage({ op, args });
  else post({ kind: 'call', op, args });
  return awaitAnswer(control);
}

function output(stream: 'stdout' | 'stderr') {
  return {
    write(bytes: Uint8Array): number {
      const copy = bytes.slice();
      post({ kind: 'out', stream, data: copy }, [copy.buffer]);
      return bytes.length;
    },
  };
}

async function init(message: Extract<ToWorker, { kind: 'init' }>): Promise<void> {
  const started = performance.now();
  buffers = message.buffers;
  sockets = message.sockets;
  const { loadPyodide } = (await import(/* @vite-ignore */ `${message.indexURL}pyodide.mjs`)) as typeof import('pyodide');
  const py = await loadPyodide({ indexURL: message.indexURL, fullStdLib: false });
  py.setStdout(output('stdout'));
  py.setStderr(output('stderr'));
  if (!buffers) return initPromised(py, message, started);
  py.setInterruptBuffer(new Int32Array(buffers.interrupt));
  // Pyodide reads stdin until a call returns null: after each line, the next call ends that read
  let lineGiven = false;
  py.setStdin({
    stdin: () => {
      if (lineGiven) {
        lineGiven = false;
        return null;
      }
      const got = JSON.parse(call('input', '{}')) as { line?: string; error?: string };
      if (got.error === 'interrupted') {
        // the next bytecode raises KeyboardInterrupt
        Atomics.store(new Int32Array(buffers!.interrupt), 0, 2);
        return '\n';
      }
      if (got.line === undefined) return null;
      lineGiven = true;
      return `${got.line}\n`;
    },
    autoEOF: false,
  });
  py.registerJsModule('_labjs', {
    call,
    sleep: (seconds: number) => {
      sleep(buffers!.control, seconds);
      py.checkInterrupt();
    },
  });
  const runner = installRunner(py, message);
  runFn = (source, filename, argv, noThreads) => runner.run(source, filename, py.toPy(argv), noThreads);
  ready(py, started);
}

/** Promise mode: the calls, input() and time.sleep wait on promises (run_sync in lab_socket.py);
 * the program runs with a stack that can suspend (callPromising). */
function initPromised(py: PyodideAPI, message: Extract<ToWorker, { kind: 'init' }>, started: number): void {
  py.registerJsModule('_labjs', {
    call: (op: string, args: string) => promised.call(op, args),
    sleep: (seconds: number) => promised.sleep(seconds),
    promised: true,
  });
  const runner = installRunner(py, message);
  runFn = (source, filename, argv, noThreads) => runner.run.callPromising(source, filename, py.toPy(argv), noThreads) as Promise<number>;
  ready(py, started);
}

interface Runner {
  run: ((source: string, filename: string, argv: unknown, noThreads: string) => number) & { callPromising(...args: unknown[]): Promise<unknown> };
}

function installRunner(py: PyodideAPI, message: Extract<ToWorker, { kind: 'init' }>): Runner {
  py.FS.mkdirTree('/lab');
  py.FS.writeFile('/lab/lab_socket.py', message.labSocket);
  py.FS.writeFile('/lab/lab_runner.py', message.runner);
  py.runPython('import sys\nsys.path.insert(0, "/lab")\nimport lab_runner');
  // lab_runner.run(source, filename, argv, no_threads) -> exit status
  return py.pyimport('lab_runner') as Runner;
}

function ready(py: PyodideAPI, started: number): void {
  python = py;
  post({ kind: 'ready', loadMs: Math.round(performance.now() - started), version: py.version });
}

scope.onmessage = (ev: MessageEvent<ToWorker>) => {
  const message = ev.data;
  if (message.kind === 'init') {
    init(message).catch((error: unknown) => post({ kind: 'loadError', message: error instanceof Error ? error.message : String(error) }));
    return;
  }
  if (message.kind === 'answer') return promised.answer(message.call, message.value);
  if (message.kind === 'stop') return promised.stop();
  if (!python || !runFn) {
    post({ kind: 'done', status: 1, error: 'Python is not loaded' });
    return;
  }
  // a Stop that came after the last program ended must not interrupt this one
  if (buffers) Atomics.store(new Int32Array(buffers.interrupt), 0, 0);
  promised.run();
  const fail = (error: unknown) => post({ kind: 'done', status: 1, error: error instanceof Error ? error.message : String(error) });
  try {
    void Promise.resolve(runFn(message.source, message.filename, message.argv, message.noThreads)).then((status) => post({ kind: 'done', status }), fail);
  } catch (error) {
    fail(error);
  }
};
