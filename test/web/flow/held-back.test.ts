// What the bridge held back (session.heldBack) on the flow: the notices of the flow's own window
// add up, a flow that draws no lab server leaves them to others, and the note says the count in
// English and Korean.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Translate } from '../../../web/flow/describe.js';
import { HeldBackNote } from '../../../web/flow/FlowNotes.js';
import { FlowBuilder } from '../../../web/flow/model.js';
import { TRACE_LIMIT, reduce } from '../../../web/lab/state.js';
import type { HeldBackCounts } from '../../../web/flow/types.js';
import { ROOT } from '../../support/bridge-process.js';
import { build, Script } from './script.js';

const heldBack = (s: Script, outside: number, behind = 0) => s.add({ type: 'session.heldBack', outside, behind });

describe('what the bridge held back, on the flow', () => {
  it('adds up every notice', () => {
    const s = new Script().hello();
    heldBack(s, 2000);
    s.udpExchange('udp-client-1', 50000, 'hello');
    heldBack(s, 10_430, 4);
    expect(build(s).view.heldBack).toEqual({ outside: 12_430, behind: 4 });
  });

  it("counts only the notices of the flow's window (since the lesson's opening or its Clear)", () => {
    const s = new Script().hello();
    heldBack(s, 500);
    const since = s.events.length + 1;
    heldBack(s, 70, 1);
    expect(build(s, { since }).view.heldBack).toEqual({ outside: 70, behind: 1 });
  });

  it('leaves them to other flows when its filter names no lab server', () => {
    const s = new Script().hello();
    heldBack(s, 300, 2);
    expect(build(s, { filter: ['udp-client'] }).view.heldBack).toEqual({ outside: 0, behind: 0 });
    expect(build(s, { filter: ['udp-upper'] }).view.heldBack).toEqual({ outside: 300, behind: 2 });
  });

  it('keeps the count when a burst pushes notices off the trace, and starts again when the trace is cleared', () => {
    const s = new Script().hello();
    heldBack(s, 40);
    let state = s.state();
    const builder = new FlowBuilder();
    builder.sync(state);
    // more events than the trace keeps, in one go: the notice above falls off before it is read again
    const burst = new Script();
    burst.t = s.t;
    for (let i = 0; i < TRACE_LIMIT / 4 + 1; i++) burst.udpExchange('udp-client-1', 50000, 'x');
    heldBack(burst, 2);
    state = reduce(state, { type: 'events', events: burst.events });
    builder.sync(state);
    expect(builder.view().heldBack).toEqual({ outside: 42, behind: 0 });
    builder.sync(reduce(state, { type: 'clearTrace' }));
    expect(builder.view().heldBack).toEqual({ outside: 0, behind: 0 });
  });
});

async function translator(lang: 'en' | 'ko'): Promise<Translate> {
  const strings = JSON.parse(readFileSync(join(ROOT, `web/i18n/locales/${lang}/flow.json`), 'utf8')) as Record<string, unknown>;
  const i18n = i18next.createInstance();
  await i18n.init({ lng: lang, resources: { [lang]: { flow: strings } }, defaultNS: 'flow', interpolation: { escapeValue: false } });
  return i18n.getFixedT(lang, 'flow');
}

const note = (t: Translate, counts: HeldBackCounts) => renderToStaticMarkup(createElement(HeldBackNote, { t, heldBack: counts }));

describe('the held-back note', () => {
  it('says nothing when nothing was held back', async () => {
    expect(note(await translator('en'), { outside: 0, behind: 0 })).toBe('');
  });

  it('says in English how many events of outside traffic the bridge held back, and while the page was behind', async () => {
    const html = note(await translator('en'), { outside: 12_430, behind: 1 });
    expect(html).toContain('data-reason="outside" data-count="12430"');
    expect(html).toContain('The bridge held back 12,430 events of outside traffic');
    expect(html).toContain('share all pages have together');
    expect(html).toContain('held back 1 event of the lab&#x27;s servers while this page was behind');
  });

  it('says it in Korean', async () => {
    const html = note(await translator('ko'), { outside: 12_430, behind: 7 });
    expect(html).toContain('바깥 통신의 이벤트 12,430개');
    expect(html).toContain('실습 서버의 이벤트 7개');
  });
});
