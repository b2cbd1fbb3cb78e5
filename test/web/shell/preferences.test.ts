import { describe, expect, it } from 'vitest';
import { readPreferences } from '../../../web/shell/preferences.js';

const storage = (values: Record<string, string>) => ({ getItem: (k: string) => values[k] ?? null, setItem: () => {} });

describe('display preferences', () => {
  it('follow the system theme until the student picks one', () => {
    expect(readPreferences(storage({}), true)).toEqual({ theme: 'dark', themeChosen: false, projector: false });
    expect(readPreferences(storage({}), false)).toEqual({ theme: 'light', themeChosen: false, projector: false });
    expect(readPreferences(storage({ 'socket-lab.theme': 'light' }), true)).toEqual({ theme: 'light', themeChosen: true, projector: false });
  });
  it('remember projector mode', () => {
    expect(readPreferences(storage({ 'socket-lab.projector': 'on' }), false).projector).toBe(true);
  });
  it('ignore a saved value that is not a theme', () => {
    expect(readPreferences(storage({ 'socket-lab.theme': 'purple' }), false)).toMatchObject({ theme: 'light', themeChosen: false });
  });
});
