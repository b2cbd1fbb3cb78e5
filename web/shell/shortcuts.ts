// Keyboard shortcuts of the whole page. They never fire while the student types: in a console
// (xterm's hidden textarea), a text field, or with Ctrl/Cmd held (the browser's and the console's).
export type ShortcutAction = 'next' | 'previous' | 'projector' | 'theme' | 'language' | 'help';

export interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
  /** An IME (Korean input) is composing a character. */
  isComposing?: boolean;
}

/** The shortcuts, in the order the help lists them, with the keys shown for each. */
export const SHORTCUTS: readonly { action: ShortcutAction; keys: string[] }[] = [
  { action: 'next', keys: [']', 'Alt+→'] },
  { action: 'previous', keys: ['[', 'Alt+←'] },
  { action: 'projector', keys: ['P'] },
  { action: 'theme', keys: ['T'] },
  { action: 'language', keys: ['L'] },
  { action: 'help', keys: ['?'] },
];

/** True when keys typed at `target` belong to it: a field, an editable element, or a console. */
export function ownsKeys(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const typing = 'input:not([type=radio]):not([type=checkbox]):not([type=button]):not([type=submit]), textarea, select';
  return el.closest(`${typing}, [contenteditable=""], [contenteditable="true"], .xterm, [data-keys="own"]`) !== null;
}

export function shortcutFor(e: KeyLike): ShortcutAction | undefined {
  if (e.ctrlKey || e.metaKey || e.isComposing || ownsKeys(e.target)) return undefined;
  if (e.altKey) {
    if (e.key === 'ArrowRight') return 'next';
    if (e.key === 'ArrowLeft') return 'previous';
    return undefined;
  }
  switch (e.key) {
    case ']':
      return 'next';
    case '[':
      return 'previous';
    case 'p':
    case 'P':
      return 'projector';
    case 't':
    case 'T':
      return 'theme';
    case 'l':
    case 'L':
      return 'language';
    case '?':
      return 'help';
    default:
      return undefined;
  }
}
