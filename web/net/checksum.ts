// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
// big-endian words. IPv4 uses it over its header; UDP and TCP over a pseudo-header, their header
// and the payload. Several chunks are summed as if they were one buffer.

/** Ones' complement sum of `chunks` taken together as one byte string, folded to 16 bits. */
export function onesComplementSum(...chunks: Uint8Array[]): number {
  let sum = 0;
  let odd: number | undefined; // a byte left over from the previous chunk, waiting for its pair
  for (const chunk of chunks) {
    let i = 0;
    if (odd !== undefined && chunk.length > 0) {
      sum += (odd << 8) | chunk[0]!;
      odd = undefined;
      i = 1;
    }
    for (; i + 1 < chunk.length; i += 2) sum += (chunk[i]! << 8) | chunk[i + 1]!;
    if (i < chunk.length) odd = chunk[i]!;
    sum = (sum & 0xffff) + (sum >>> 16); // fold as we go so the number stays small
  }
  if (odd !== undefined) sum += odd << 8; // an odd length is padded with a zero byte
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum to put in the header: ~sum. A buffer that already holds its checksum sums to 0. */
export function internetChecksum(...chunks: Uint8Array[]): number {
  return ~onesComplementSum(...chunks) & 0xffff;
}
