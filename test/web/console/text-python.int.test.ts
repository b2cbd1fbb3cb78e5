import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encode, pyBytes, pyStr } from '../../../web/console/text.js';

const SAMPLES = ['hello', "it's", 'say "hi"', `both ' and "`, 'tab\there\nnew', 'back\\slash', '한글', '\x1b[31mred', '\x00\x7f'];

/** What Python 3 itself prints for repr(), so the console matches the lessons' programs. */
function pythonRepr(expr: 'bytes' | 'str', samples: string[]): string[] {
  const code = `import json,sys\nfor s in json.load(sys.stdin): print(repr(s.encode() if ${expr === 'bytes' ? 'True' : 'False'} else s))`;
  return execFileSync('python3', ['-c', code], { input: JSON.stringify(samples), encoding: 'utf8' })
    .trimEnd()
    .split('\n');
}

describe('Python-style text, compared with python3', () => {
  it('prints bytes exactly as Python 3 repr() does', () => {
    expect(SAMPLES.map((s) => pyBytes(encode(s)))).toEqual(pythonRepr('bytes', SAMPLES));
  });

  it('prints str as Python 3 repr() does for the text the consoles show', () => {
    // eslint-disable-next-line no-control-regex -- the control characters are what this leaves out
    const printable = SAMPLES.filter((s) => !/[\x00-\x1f\x7f]/.test(s) || /[\t\n]/.test(s));
    expect(printable.map(pyStr)).toEqual(pythonRepr('str', printable));
  });
});
