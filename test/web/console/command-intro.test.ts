// Command mode's first suggestion names the console's own transport: a TCP command console says
// "socket tcp", not "socket udp" (walkthrough.md, small slips).
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { CommandMode } from '../../../web/console/command-mode.js';
import type { ConsoleIO } from '../../../web/console/io.js';
import { LabLink } from '../../../web/console/link.js';

async function introOf(proto: 'udp' | 'tcp' | undefined, lang: 'en' | 'ko'): Promise<string[]> {
  const strings = JSON.parse(readFileSync(new URL(`../../../web/i18n/locales/${lang}/console.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const i18n = i18next.createInstance();
  await i18n.init({ lng: lang, resources: { [lang]: { console: strings } }, defaultNS: 'console', interpolation: { escapeValue: false } });
  const printed: string[] = [];
  const io: ConsoleIO = { print: (text) => printed.push(text), refreshPrompt: () => undefined, t: (key, vars) => i18n.t(key, vars ?? {}) };
  // start() only prints: a link to a lab it must never reach
  const noLab = (): never => {
    throw new Error('start() reached for the lab');
  };
  new CommandMode(io, new LabLink({ ready: noLab, newSocketId: noLab, servers: () => [] }), { onSocket: () => undefined, ...(proto ? { proto } : {}) }).start();
  return printed;
}

describe('command mode greeting', () => {
  it.each([
    ['tcp', 'en', 'Start with: socket tcp'],
    ['udp', 'en', 'Start with: socket udp'],
    ['tcp', 'ko', 'socket tcp'],
  ] as const)('suggests socket %s (%s)', async (proto, lang, expected) => {
    expect((await introOf(proto, lang)).join('\n')).toContain(expected);
  });

  it('says udp when the console names no transport', async () => {
    expect((await introOf(undefined, 'en')).join('\n')).toContain('socket udp');
  });
});
