import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type KeyLike } from '../../../web/shell/shortcuts.js';

/** A stand-in for a DOM element: `closest` answers whether it is inside one of the given kinds. */
const element = (inside: string[] = [], editable = false) =>
  ({ isContentEditable: editable, closest: (sel: string) => (inside.some((kind) => sel.includes(kind)) ? {} : null) }) as unknown as EventTarget;
const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, target: element(), ...extra });

describe('keyboard shortcuts', () => {
  it('map keys to actions', () => {
    expect(shortcutFor(key(']'))).toBe('next');
    expect(shortcutFor(key('['))).toBe('previous');
    expect(shortcutFor(key('ArrowRight', { altKey: true }))).toBe('next');
    expect(shortcutFor(key('ArrowLeft', { altKey: true }))).toBe('previous');
    expect(shortcutFor(key('p'))).toBe('projector');
    expect(shortcutFor(key('P'))).toBe('projector');
    expect(shortcutFor(key('?'))).toBe('help');
    expect(shortcutFor(key('t'))).toBe('theme');
    expect(shortcutFor(key('l'))).toBe('language');
  });
  it('leave plain arrows and other keys alone', () => {
    expect(shortcutFor(key('ArrowRight'))).toBeUndefined();
    expect(shortcutFor(key('x'))).toBeUndefined();
    expect(shortcutFor(key('p', { altKey: true }))).toBeUndefined();
  });
  it('never take a key while a console, a text field or an editable element has focus', () => {
    expect(shortcutFor(key('p', { target: element(['.xterm']) }))).toBeUndefined();
    expect(shortcutFor(key(']', { target: element(['textarea']) }))).toBeUndefined();
    expect(shortcutFor(key('[', { target: element(['input:not']) }))).toBeUndefined();
    expect(shortcutFor(key('?', { target: element([], true) }))).toBeUndefined();
  });
  it('never take a key with Ctrl or Cmd held, or while Korean input is composing', () => {
    expect(shortcutFor(key(']', { ctrlKey: true }))).toBeUndefined();
    expect(shortcutFor(key('p', { metaKey: true }))).toBeUndefined();
    expect(shortcutFor(key('p', { isComposing: true }))).toBeUndefined();
  });
  it('list every action once in the help', () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const { action, keys } of SHORTCUTS) {
      const k = keys[0]!;
      expect(shortcutFor(k.startsWith('Alt+') ? key(k === 'Alt+→' ? 'ArrowRight' : 'ArrowLeft', { altKey: true }) : key(k))).toBe(action);
    }
  });
});
