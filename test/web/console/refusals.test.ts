// The console refuses a call by the reason protocol/socket-states.ts gives, in its own words: every
// reason the table can give has them, in English and Korean.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TCP_CALLS, TCP_STATES, UDP_CALLS, UDP_STATES, tcpRefusal, udpRefusal } from '../../../protocol/socket-states.js';
import { REFUSAL_KEYS } from '../../../web/console/commands/context.js';
import { ROOT } from '../../support/bridge-process.js';

const load = (lang: string) => (JSON.parse(readFileSync(join(ROOT, 'web/i18n/locales', lang, 'console.json'), 'utf8')) as { cmd: Record<string, string> }).cmd;

describe('the console words for a refused call', () => {
  const reasons = new Set([
    ...TCP_STATES.flatMap((s) => TCP_CALLS.map((c) => tcpRefusal(s, c))),
    ...UDP_STATES.flatMap((s) => UDP_CALLS.map((c) => udpRefusal(s, c))),
  ]);
  reasons.delete(undefined);

  it.each(['en', 'ko'])('exist in %s for every reason the table gives, and bind() twice', (lang) => {
    const cmd = load(lang);
    expect([...reasons].sort()).toEqual(Object.keys(REFUSAL_KEYS).sort());
    const missing = [...Object.values(REFUSAL_KEYS), 'alreadyBound'].filter((key) => !cmd[key]);
    expect(missing).toEqual([]);
  });
});
