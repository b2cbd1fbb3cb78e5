import { describe, expect, it } from 'vitest';
import { highlightPythonHtml, tokenizePython } from '../../../web/lessons/python.js';

describe('the Python tokenizer', () => {
  it('gives one token list per line, and their text is the source', () => {
    const source = "from socket import *\nserverPort = 12000\nprint('The server is ready')  # hi\n";
    const lines = tokenizePython(source);
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.map((t) => t.text).join('')).join('\n') + '\n').toBe(source);
  });

  it('tells keywords, builtins, strings, numbers and comments apart', () => {
    const kinds = (line: string) => tokenizePython(line)[0]!.filter((t) => t.kind !== 'space').map((t) => `${t.kind}:${t.text}`);
    expect(kinds("while True: print(b'x', 2048) # c")).toEqual([
      'keyword:while', 'keyword:True', 'op::', 'builtin:print', 'op:(', "string:b'x'", 'op:,', 'number:2048', 'op:)', 'comment:# c',
    ]);
  });

  it('keeps a triple-quoted string over several lines as string on each', () => {
    const lines = tokenizePython('x = """one\ntwo"""\ny = 1');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual([{ kind: 'string', text: 'two"""' }]);
  });

  it('ends on any input, including unterminated strings and other scripts', () => {
    expect(tokenizePython("s = '안녕").flat().map((t) => t.text).join('')).toBe("s = '안녕");
    expect(tokenizePython('x\r\ny\u00a0= 1').length).toBe(2);
  });

  it('escapes HTML in the highlighted form', () => {
    expect(highlightPythonHtml("print('<b>')")).toBe('<span class="tok-builtin">print</span>(<span class="tok-string">\'&lt;b&gt;\'</span>)');
  });
});
