// A console's program may print from a namespace the page does not start with (lesson 5's echo
// client from "framing", lesson 8's raw HTTP client from "http"): the console panel waits for the
// namespaces programNamespaces names, so every such string the console's code uses must be named
// there for the program that uses it, and none of them may come with the page.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/bridge-process.js';
import { programNamespaces } from '../../../web/console/programs.js';
import { NAMESPACES } from '../../../web/i18n/index.js';

const CONSOLE = join(ROOT, 'web', 'console');
/** The namespaces a console source file prints from by prefix (io.t(`http:console.intro`)). */
const prefixed = (file: string) => new Set([...readFileSync(join(CONSOLE, file), 'utf8').matchAll(/\bt\(\s*[`'"]([a-z]+):/g)].map((m) => m[1]!));

describe("a console program's strings", () => {
  it("names the echo client's and the raw HTTP client's namespaces, and none for the others", () => {
    expect(programNamespaces({ role: 'client', proto: 'tcp', persistent: true })).toEqual(['framing']);
    expect(programNamespaces({ role: 'client', proto: 'tcp', multiline: true })).toEqual(['http']);
    expect(programNamespaces({ role: 'client', proto: 'udp', persistent: true, multiline: true })).toEqual([]);
    expect(programNamespaces({ role: 'client', proto: 'tcp' })).toEqual([]);
    expect(programNamespaces({ role: 'server', proto: 'tcp', persistent: true })).toEqual([]);
    expect(programNamespaces({ role: 'command', proto: 'tcp', multiline: true })).toEqual([]);
  });

  it('fetches those namespaces with the console, not with the page', () => {
    expect(NAMESPACES).not.toContain('framing');
    expect(NAMESPACES).not.toContain('http');
    expect(NAMESPACES).toContain('console');
  });

  it('uses from a later namespace only what programNamespaces fetches for its program', () => {
    const later = new Map<string, string[]>();
    for (const file of readdirSync(CONSOLE).filter((f) => f.endsWith('.ts'))) {
      for (const ns of prefixed(file)) if (!NAMESPACES.includes(ns)) later.set(file, [...(later.get(file) ?? []), ns]);
    }
    expect(Object.fromEntries(later)).toEqual({ 'echo-client.ts': ['framing'], 'request-client.ts': ['http'] });
  });
});
