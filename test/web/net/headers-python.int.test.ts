import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { udpHeader, type Header } from '../../../web/net/headers.js';

const field = (h: Header, id: string) => h.fields.find((f) => f.id === id)!;

describe('udpHeader, compared with python3', () => {
  it('agrees with an independent checksum written in Python for many payloads, over IPv4 and IPv6', () => {
    const cases = Array.from({ length: 40 }, (_, i) => ({
      src: i % 2 ? '::1' : '127.0.0.1',
      dst: i % 2 ? '::1' : '127.0.0.2',
      sp: 1024 + i * 997,
      dp: 12000 + i,
      payload: Array.from({ length: i * 7 + (i % 3) }, (_, j) => (j * 31 + i) & 0xff),
    }));
    const script = `
import json, socket, struct, sys
def csum(b):
    if len(b) % 2: b += b'\\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s & 0xffff) or 0xffff
out = []
for c in json.load(sys.stdin):
    fam = socket.AF_INET6 if ':' in c['src'] else socket.AF_INET
    data = bytes(c['payload'])
    n = 8 + len(data)
    src, dst = socket.inet_pton(fam, c['src']), socket.inet_pton(fam, c['dst'])
    pseudo = src + dst + (struct.pack('!IxxxB', n, 17) if fam == socket.AF_INET6 else struct.pack('!xBH', 17, n))
    out.append(csum(pseudo + struct.pack('!HHHH', c['sp'], c['dp'], n, 0) + data))
print(json.dumps(out))`;
    const expected = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' })) as number[];
    const actual = cases.map(
      (c) => field(udpHeader({ src: c.src, dst: c.dst, srcPort: c.sp, dstPort: c.dp, payload: Uint8Array.from(c.payload) }), 'checksum').value,
    );
    expect(actual).toEqual(expected);
  });
});
