// The page learns from session.slowed that the bridge reads it more slowly (it sends over its
// share), keeps the latest word for the banner, and says so in English and Korean with the rate.
import { describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../../web/lab/state.js';
import type { Event } from '../../../protocol/messages.js';
import en from '../../../web/i18n/locales/en/shell.json';
import ko from '../../../web/i18n/locales/ko/shell.json';

const slowed = (t: number, perSecond: number): Event => ({ type: 'session.slowed', t, perSecond });

describe('session.slowed', () => {
  it('keeps the latest word, and nothing before the first', () => {
    expect(initialState.slowed).toBeUndefined();
    const once = reduce(initialState, { type: 'events', events: [slowed(5, 2000)] });
    expect(once.slowed).toEqual({ perSecond: 2000, t: 5 });
    const again = reduce(once, { type: 'events', events: [slowed(20_000, 1000)] });
    expect(again.slowed).toEqual({ perSecond: 1000, t: 20_000 });
    // a new object each time, so the banner shows it again
    expect(again.slowed).not.toBe(once.slowed);
  });

  it('is explained in English and Korean with the rate', () => {
    for (const locale of [en, ko]) expect(locale.connection.slowed).toMatch(/\{\{perSecond\}\}/);
  });
});
