// A program from the editor run without its panel: "check my program" starts the student's page
// program, waits until it listens (a server) or feeds it a sentence (a client), runs the battery
// against it and stops it. The same PythonHost as the editor: the same interpreter, the same
// sockets through the page's session.
import { LabLink, type LabAccess } from '../console/link.js';
import { PythonHost, type RunResult } from './host.js';

export interface PageRun {
  /** Resolves when the program first binds or listens (its port), or undefined if it ends first. */
  bound: Promise<number | undefined>;
  result: Promise<RunResult>;
  /** Everything the program printed so far. */
  output: () => string;
  stop: () => void;
  dispose: () => void;
}

export interface PageRunOptions {
  source: string;
  file: string;
  /** Lines input() returns, in order; then end of input. */
  input?: string[];
  noThreads: string;
  hint: (code: string) => string | undefined;
}

export function startPageRun(lab: LabAccess, options: PageRunOptions): PageRun {
  let text = '';
  const input = [...(options.input ?? [])];
  let onBound: (port: number | undefined) => void = () => undefined;
  const bound = new Promise<number | undefined>((resolve) => (onBound = resolve));
  const link = new LabLink(lab);
  const host = new PythonHost(link, {
    output: { write: (chunk) => (text += chunk) },
    readLine: () => {
      const line = input.shift();
      if (line !== undefined) text += `${line}\n`;
      return Promise.resolve(line ?? null);
    },
    hint: options.hint,
    newSocketId: (prefix) => lab.newSocketId(prefix),
    noThreads: options.noThreads,
    onBound: (_proto, local) => onBound(local.port),
  });
  const result = host.run(options.source, options.file);
  void result.then(() => onBound(undefined));
  return {
    bound,
    result,
    output: () => text,
    stop: () => host.stop(),
    dispose: () => {
      host.dispose();
      link.dispose();
    },
  };
}
