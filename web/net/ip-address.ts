// IP addresses as the bytes a header carries. Only literal addresses: the bridge reports every
// address as the OS gave it, so names never reach here.

export function ipv4Bytes(address: string): Uint8Array {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    throw new Error(`not an IPv4 address: ${JSON.stringify(address)}`);
  }
  return Uint8Array.from(parts.map(Number));
}

/** Parses an IPv6 literal, including "::" and an embedded IPv4 tail ("::ffff:127.0.0.1"). */
export function ipv6Bytes(address: string): Uint8Array {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const fail = () => new Error(`not an IPv6 address: ${JSON.stringify(address)}`);
  const halves = bare.split('::');
  if (halves.length > 2) throw fail();
  const words = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    groups.forEach((g, i) => {
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = ipv4Bytes(g);
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(parseInt(g, 16));
      else throw fail();
    });
    return out;
  };
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) throw fail();
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}
