// Python in the page: the bridge serves the pyodide package's own files (CPython compiled to
// WebAssembly and its standard library) from node_modules at /pyodide/, so a program runs with
// nothing downloaded from the Internet. Only the files the lab uses are served.
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const PYODIDE_PREFIX = '/pyodide/';

const FILES: Record<string, string> = {
  'pyodide.mjs': 'text/javascript; charset=utf-8',
  'pyodide.asm.mjs': 'text/javascript; charset=utf-8',
  'pyodide.asm.wasm': 'application/wasm',
  'python_stdlib.zip': 'application/zip',
  'pyodide-lock.json': 'application/json; charset=utf-8',
};

/** The folder of the installed pyodide package, or undefined when it is missing. */
export function pyodideDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
  } catch {
    return undefined;
  }
}

/** Serves GET/HEAD /pyodide/<file>; returns false for any other path. */
export function servePyodide(dir: string | undefined, req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!path.startsWith(PYODIDE_PREFIX)) return false;
  const name = path.slice(PYODIDE_PREFIX.length);
  const type = FILES[name];
  if (!dir || !type) {
    res
      .writeHead(404, { 'Content-Type': 'text/plain' })
      .end(dir ? 'Not found' : 'Python for the page is not installed (the pyodide package is missing): run npm install.');
    return true;
  }
  const file = join(dir, name);
  let size: number;
  let mtime: Date;
  try {
    ({ size, mtime } = statSync(file));
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return true;
  }
  const etag = `"${size.toString(16)}-${mtime.getTime().toString(16)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag }).end();
    return true;
  }
  // the files change only with the package: a browser may keep them a day and revalidate after
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, ETag: etag, 'Cache-Control': 'public, max-age=86400' });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}
