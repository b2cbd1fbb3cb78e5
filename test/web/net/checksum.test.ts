import { describe, expect, it } from 'vitest';
import { internetChecksum, onesComplementSum } from '../../../web/net/checksum.js';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .replace(/\s/g, '')
      .match(/../g)!
      .map((b) => parseInt(b, 16)),
  );

describe('internet checksum', () => {
  it('sums the RFC 1071 worked example to 0xddf2', () => {
    // RFC 1071 section 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2
    expect(onesComplementSum(hex('0001f203f4f5f6f7'))).toBe(0xddf2);
    expect(internetChecksum(hex('0001f203f4f5f6f7'))).toBe(0x220d);
  });

  it('gives the well-known checksum b861 of the classic IPv4 header example', () => {
    const header = hex('4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7');
    expect(internetChecksum(header)).toBe(0xb861);
  });

  it('sums a header that holds its own checksum to zero', () => {
    expect(internetChecksum(hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7'))).toBe(0);
  });

  it('treats several chunks as one buffer, even when a chunk has an odd length', () => {
    const whole = hex('0102030405060708090a0b');
    expect(internetChecksum(whole.subarray(0, 3), whole.subarray(3, 4), whole.subarray(4, 9), whole.subarray(9))).toBe(internetChecksum(whole));
  });

  it('pads an odd final byte with zero', () => {
    expect(internetChecksum(hex('ab'))).toBe(internetChecksum(hex('ab00')));
  });
});
