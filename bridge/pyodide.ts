// Python in the page: the bridge serves the pyodide package's own files (CPython compiled to
// WebAssembly and its standard library) from node_modules at /pyodide/, so a program runs with
// nothing downloaded from the Internet. Only the files the lab uses are served.
import { createReadStream, readFile, statSync } from 'node:fs';
import { gzip } from 'node:zlib';
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

/** Gzipped copies, made once per file on first request: Python is about 12 MB as it ships and
 * about 4 MB gzipped, which counts when a class of thirty loads it over one Wi-Fi. */
const gzipped = new Map<string, Promise<Buffer | undefined>>();

function gzippedCopy(file: string): Promise<Buffer | undefined> {
  let copy = gzipped.get(file);
  if (!copy) {
    copy = new Promise((resolve) => {
      readFile(file, (error, data) => {
        if (error) return resolve(undefined);
        gzip(data, (failed, packed) => resolve(failed ? undefined : packed));
      });
    });
    gzipped.set(file, copy);
  }
  return copy;
}

/** Serves GET/HEAD /pyodide/<file> (gzipped when the browser accepts it); false for other paths. */
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
  const headers = { 'Content-Type': type, ETag: etag, 'Cache-Control': 'public, max-age=86400', Vary: 'Accept-Encoding' };
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    void gzippedCopy(file).then((packed) => {
      if (!packed) return res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Could not read the Python files.');
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': packed.length });
      res.end(req.method === 'HEAD' ? undefined : packed);
    });
    return true;
  }
  res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}
