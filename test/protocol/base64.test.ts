import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../protocol/base64.js';

describe('base64 codec', () => {
  it('matches Node for every length from 0 to 64 and for random bytes', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255);
      const expected = Buffer.from(bytes).toString('base64');
      expect(bytesToBase64(bytes)).toBe(expected);
      expect([...base64ToBytes(expected)]).toEqual([...bytes]);
    }
  });
  it('refuses text that is not strict base64', () => {
    expect(() => base64ToBytes('abc')).toThrow();
    expect(() => base64ToBytes('ab=c')).toThrow();
  });
});
