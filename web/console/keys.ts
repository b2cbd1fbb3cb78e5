// Turns what xterm delivers through onData (typed text, composed IME text, pasted text, escape
// sequences for arrows and the like) into keys the line editor understands. Pure, no DOM.

export type KeyName =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'wordLeft'
  | 'wordRight'
  | 'home'
  | 'end'
  | 'up'
  | 'down'
  | 'tab'
  | 'killToStart'
  | 'killToEnd'
  | 'killWordBack'
  | 'interrupt'
  | 'eof'
  | 'clear';

export type Key = { kind: 'text'; text: string } | { kind: KeyName };

/** Single control bytes, as a terminal sends them (readline's defaults). */
const CONTROL: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x01': 'home', // ctrl-a
  '\x05': 'end', // ctrl-e
  '\x02': 'left', // ctrl-b
  '\x06': 'right', // ctrl-f
  '\x10': 'up', // ctrl-p
  '\x0e': 'down', // ctrl-n
  '\x15': 'killToStart', // ctrl-u
  '\x0b': 'killToEnd', // ctrl-k
  '\x17': 'killWordBack', // ctrl-w
  '\x03': 'interrupt', // ctrl-c
  '\x04': 'eof', // ctrl-d
  '\x0c': 'clear', // ctrl-l
};

/** CSI sequences (ESC [ params final) by params + final byte. */
const CSI: Record<string, KeyName> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '1;5C': 'wordRight',
  '1;5D': 'wordLeft',
  '1;3C': 'wordRight',
  '1;3D': 'wordLeft',
};

/** SS3 sequences (ESC O final), sent in the terminal's application cursor mode. */
const SS3: Record<string, KeyName> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };

/** Alt + key arrives as ESC followed by the key. */
const ALT: Record<string, KeyName> = { b: 'wordLeft', f: 'wordRight', '\x7f': 'killWordBack' };

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < data.length; i++) {
    const ch = data[i]!;
    if (ch === '\x1b') {
      flush();
      const next = data[i + 1];
      if (next === '[') {
        // parameters and intermediates, then one final byte in @..~
        let j = i + 2;
        while (j < data.length && !/[@-~]/.test(data[j]!)) j++;
        const body = data.slice(i + 2, j + 1);
        const name = CSI[body];
        if (name) keys.push({ kind: name });
        // bracketed paste markers (200~ / 201~) and unknown sequences are dropped
        i = j;
      } else if (next === 'O' && i + 2 < data.length) {
        const name = SS3[data[i + 2]!];
        if (name) keys.push({ kind: name });
        i += 2;
      } else if (next !== undefined) {
        const name = ALT[next];
        if (name) keys.push({ kind: name });
        i += 1;
      }
      continue;
    }
    const control = CONTROL[ch];
    if (control) {
      flush();
      // a pasted Windows line ending is one Enter, not two
      if (ch === '\r' && data[i + 1] === '\n') i++;
      keys.push({ kind: control });
      continue;
    }
    if (ch < ' ') continue; // other control bytes would corrupt the line
    text += ch;
  }
  flush();
  return keys;
}
