// What the console programs need, made from real things: the real bridge process, a LabClient
// on it, and i18next with the console's English strings. Printed lines are collected for asserts.
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import i18next from 'i18next';
import type { LabClient } from '../../../protocol/client.js';
import type { ConsoleIO, Tone, Translate } from '../../../web/console/io.js';
import { LabLink } from '../../../web/console/link.js';
import { ROOT } from '../../support/bridge-process.js';

const en = JSON.parse(readFileSync(new URL('../../../web/i18n/locales/en/console.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const errors = JSON.parse(readFileSync(new URL('../../../web/i18n/locales/en/errors.json', import.meta.url), 'utf8')) as Record<string, unknown>;

export async function englishT(): Promise<Translate> {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', resources: { en: { console: en, errors } }, defaultNS: 'console', interpolation: { escapeValue: false } });
  return (key, vars) => i18n.t(key, vars ?? {});
}

export class RecordingIO implements ConsoleIO {
  readonly lines: { text: string; tone: Tone }[] = [];
  prompts = 0;
  /** The waitFor calls waiting, each checked after every print. */
  private readonly waiting = new Set<() => void>();
  constructor(readonly t: Translate) {}
  print(text: string, tone: Tone = 'out'): void {
    for (const line of text.split('\n')) this.lines.push({ text: line, tone });
    for (const check of this.waiting) check();
  }
  refreshPrompt(): void {
    this.prompts++;
  }
  text(): string {
    return this.lines.map((l) => l.text).join('\n');
  }
  out(): string[] {
    return this.lines.filter((l) => l.tone === 'out').map((l) => l.text);
  }
  /** Resolves with the first printed line that matches, as soon as one is printed; fails after timeoutMs. */
  waitFor(pattern: RegExp | string, timeoutMs = 5000): Promise<string> {
    const matches = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(check);
      };
      const check = () => {
        const hit = this.lines.find((l) => matches(l.text));
        if (!hit) return;
        done();
        resolve(hit.text);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; printed:\n${this.text()}`));
      }, timeoutMs);
      this.waiting.add(check);
      check();
    });
  }
}

export function linkTo(client: LabClient): LabLink {
  let n = 0;
  return new LabLink({
    ready: () => Promise.resolve(client),
    newSocketId: (prefix) => `${prefix}-${++n}`,
    servers: () => client.hello?.servers ?? [],
  });
}

/** Runs a small Python 3 program (the textbook's style) with arguments; resolves with its output. */
export function python(code: string, args: string[], input = '', timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('python3', ['-c', code, ...args], { cwd: ROOT, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin?.end(input);
  });
}

/** A free UDP/TCP port on loopback where nothing listens (bound, then closed). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
