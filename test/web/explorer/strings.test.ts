// Every word the explorer shows exists in English and Korean: its own strings, and a name and a
// meaning for every field the headers hold (from the explorer's namespace or the headers' own).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEADER_I18N_NAMESPACE, ipv4Header, ipv6Header, tcpHeader, udpHeader } from '../../../web/net/headers.js';
import { shownFields } from '../../../web/explorer/layout.js';

type Json = Record<string, unknown>;
const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../../web/i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8')) as Json;
const keys = (o: Json, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Json, `${prefix}${k}.`) : [`${prefix}${k}`]));
const get = (o: Json, path: string): unknown => path.split('.').reduce<unknown>((x, p) => (x as Json | undefined)?.[p], o);

const headers = [
  ipv4Header('127.0.0.1', '127.0.0.1', 17, 10),
  ipv6Header('::1', '::1', 17, 10),
  udpHeader({ src: '127.0.0.1', dst: '127.0.0.1', srcPort: 1, dstPort: 2, payload: new Uint8Array(2) }),
  tcpHeader({ srcPort: 1, dstPort: 2, flags: { ack: true } }),
];

describe.each(['en', 'ko'])('the explorer in %s', (lang) => {
  const own = load(lang, 'explorer');
  const shared = load(lang, HEADER_I18N_NAMESPACE);

  it('has the same strings as English, none empty', () => {
    const en = load('en', 'explorer');
    expect(keys(own).sort()).toEqual(keys(en).sort());
    for (const k of keys(own)) expect(get(own, k)).not.toBe('');
  });

  it('names and explains every field it shows, and every flag inside a group', () => {
    for (const header of headers) {
      for (const f of shownFields(header)) {
        for (const ref of [f, ...(f.parts ?? [])]) {
          for (const what of ['name', 'meaning']) {
            const path = `fields.${ref.layer}.${ref.id}.${what}`;
            expect(get(own, path) ?? get(shared, path), `${lang}: ${path}`).toBeTruthy();
          }
        }
        expect(get(own, `short.${f.layer}.${f.id}`), `${lang}: short.${f.layer}.${f.id}`).toBeTruthy();
      }
    }
  });

  it('explains every note a reconstructed value carries', () => {
    for (const header of headers) for (const f of header.fields) if (f.noteKey) expect(get(shared, f.noteKey), `${lang}: ${f.noteKey}`).toBeTruthy();
  });
});
