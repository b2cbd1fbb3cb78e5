import { describe, expect, it } from 'vitest';
import { pyAddress, safeText } from '../../../web/console/text.js';

// The comparisons with Python 3's own repr() spawn python3: text-python.int.test.ts.
describe('Python-style text', () => {
  it("prints an address as Python's tuple", () => {
    expect(pyAddress({ address: '127.0.0.1', port: 12000 })).toBe("('127.0.0.1', 12000)");
  });

  it('shows escape sequences from the network instead of letting them drive the terminal', () => {
    expect(safeText('\x1b[2Jgone\r\x07')).toBe('\\x1b[2Jgone\\x0d\\x07');
    expect(safeText('two\nlines\tok 한글')).toBe('two\nlines\tok 한글');
  });
});
