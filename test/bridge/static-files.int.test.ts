// The bridge serves the built app compressed and cacheable: the .br or .gz the build wrote beside a
// file when the browser asks for it, the content-hashed files under /assets/ kept for good, the
// page itself checked on every load. The page and the workers' scripts carry the document's
// headers (CSP, framing, cross-origin isolation); the scripts and stylesheets they import do not.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { ROOT, startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../support/bridge-process.js';

const SCRIPT = `export const words = ${JSON.stringify('socket lab '.repeat(2000))};\n`;
let bridge: RunningBridge;

const onTeardown = teardownStack();
beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'socket-lab-static-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Socket Lab</title><script type="module" src="/assets/app-abc123.js"></script>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), SCRIPT);
  // as the build's precompress step writes them
  writeFileSync(join(dist, 'assets', 'app-abc123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dist, 'assets', 'app-abc123.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(dist, 'assets', 'app-abc123.css'), 'body { margin: 0 }');
  mkdirSync(join(dist, 'assets', 'workers'));
  writeFileSync(join(dist, 'assets', 'workers', 'sockets-abc123.js'), 'postMessage(1);');
  bridge = await startBridgeProcess([...TEST_SERVER_FLAGS, '--dist', dist]);
  onTeardown(() => bridge.stop());
});

function fetchRaw(
  path: string,
  encoding?: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port: bridge.port, path, headers: { ...(encoding ? { 'Accept-Encoding': encoding } : {}), ...extra } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

describe('static files', () => {
  it('sends a script compressed to a browser that accepts it, and the bytes are the file', async () => {
    const res = await fetchRaw('/assets/app-abc123.js', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
    const gzipped = await fetchRaw('/assets/app-abc123.js', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString()).toBe(SCRIPT);
  });

  it('sends it as it is to a client that does not ask for compression', async () => {
    const res = await fetchRaw('/assets/app-abc123.js');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe(SCRIPT);
  });

  it('lets the browser keep content-hashed assets for good, and revalidate the page', async () => {
    expect((await fetchRaw('/assets/app-abc123.js', 'gzip')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await fetchRaw('/', 'gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends an asset its ETag, which still answers a revalidation, and no Last-Modified', async () => {
    for (const path of ['/assets/app-abc123.js', '/assets/app-abc123.css', '/assets/workers/sockets-abc123.js']) {
      const res = await fetchRaw(path, 'gzip, br');
      expect(res.status).toBe(200);
      expect(res.headers.etag).toMatch(/^W\//);
      expect(res.headers['last-modified']).toBeUndefined();
      expect((await fetchRaw(path, 'gzip, br', { 'If-None-Match': res.headers.etag! })).status).toBe(304);
    }
    expect((await fetchRaw('/', 'gzip')).headers['last-modified']).toBeDefined();
  });
});

describe('security headers', () => {
  const DOCUMENT = ['content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'cross-origin-embedder-policy'];
  const EVERY = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cross-origin-resource-policy': 'same-origin' };

  it("sends the page and a worker's script the CSP and the cross-origin isolation a worker needs", async () => {
    // the page, also as the fallback for a path of the app, even one under /assets/
    for (const path of ['/', '/index.html', '/lesson/03-udp', '/assets/no-such-page', '/assets/workers/sockets-abc123.js']) {
      const res = await fetchRaw(path, 'br');
      expect(res.status, path).toBe(200);
      for (const name of DOCUMENT) expect(res.headers[name], `${name} on ${path}`).toBeTruthy();
      expect(res.headers, path).toMatchObject({ ...EVERY, 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-opener-policy': 'same-origin' });
      expect(res.headers['content-security-policy'], path).toMatch(/script-src 'self'/);
    }
  });

  it('leaves them off the scripts and stylesheets the page imports, which keep nosniff, no-referrer and CORP', async () => {
    for (const [path, encoding] of [
      ['/assets/app-abc123.js', 'br'],
      ['/assets/app-abc123.js', undefined],
      ['/assets/app-abc123.css', 'gzip'],
    ] as const) {
      const res = await fetchRaw(path, encoding);
      expect(res.status, path).toBe(200);
      for (const name of DOCUMENT) expect(res.headers[name], `${name} on ${path}`).toBeUndefined();
      expect(res.headers, path).toMatchObject(EVERY);
    }
    expect((await fetchRaw('/assets/missing-abc123.js')).status).toBe(404);
  });
});

describe("Python's files (/pyodide/)", () => {
  const pyodide = join(ROOT, 'node_modules', 'pyodide');

  it('serves the pyodide package from node_modules, cross-origin isolated, gzipped when asked', async () => {
    const original = readFileSync(join(pyodide, 'python_stdlib.zip'));
    const plain = await fetchRaw('/pyodide/python_stdlib.zip');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/zip');
    expect(plain.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(plain.body.equals(original)).toBe(true);
    const packed = await fetchRaw('/pyodide/pyodide.asm.wasm', 'gzip, deflate, br');
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers['content-type']).toBe('application/wasm');
    expect(packed.body.length).toBeLessThan(readFileSync(join(pyodide, 'pyodide.asm.wasm')).length / 2);
    expect(gunzipSync(packed.body).equals(readFileSync(join(pyodide, 'pyodide.asm.wasm')))).toBe(true);
  });

  it('serves only the files Python needs', async () => {
    expect((await fetchRaw('/pyodide/package.json')).status).toBe(404);
    expect((await fetchRaw('/pyodide/../package.json')).status).toBe(404);
  });
});
