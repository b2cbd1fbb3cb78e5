// The page's Content-Security-Policy: defence in depth (lessons are rendered with html: false at
// build time, so no lesson can inject markup). Scripts come from the bridge itself, plus the
// inline script of index.html by its hash (the theme before the first paint); Python runs as WebAssembly in a Web Worker, so
// 'wasm-unsafe-eval' and workers from the bridge (or blob: URLs it made) are allowed. The only
// connections are to the bridge: its files and its WebSocket. xterm.js writes <style> elements,
// hence 'unsafe-inline' for styles only.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** sha256 sources of the inline <script> elements of the built index.html. */
export function inlineScriptHashes(distDir: string): string[] {
  let html: string;
  try {
    html = readFileSync(join(distDir, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
}

/** The policy for every page the bridge serves; `origins` are the http origins it answers to. */
export function contentSecurityPolicy(origins: Iterable<string>, scriptHashes: string[]): string {
  // 'self' covers the page's own ws: origin (CSP 3); the others are named, except IPv6 literals,
  // which a CSP source cannot spell (a page served from [::1] is covered by 'self')
  const sockets = [...origins].filter((o) => !o.includes('[')).map((o) => o.replace(/^http:/, 'ws:'));
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${scriptHashes.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${sockets.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
