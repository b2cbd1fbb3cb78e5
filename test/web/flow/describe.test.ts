import { describe, expect, it } from 'vitest';
import { arrowLabel, describeRow, formatClock, markLabel } from '../../../web/flow/describe.js';
import { rowHeaders } from '../../../web/flow/inspect.js';
import { A, arrows, b64, build, LAB_TCP, marks, Script } from './script.js';

/** A t() that shows the key and its options, so tests see what would be translated. */
const t = (key: string, o?: Record<string, unknown>) =>
  o && 'count' in o && key.startsWith('bytes') ? `${String(o.count)} ${key === 'bytesShort' ? 'B' : 'bytes'}` : `<${key}${o ? ` ${JSON.stringify(o)}` : ''}>`;

describe('row words', () => {
  const s = new Script().hello().add({ type: 'udp.bound', sock: 'udp-client-1', local: A(54321), bufsize: 2048 });
  s.udpExchange('udp-client-1', 54321, 'hello\nworld');
  s.add({ type: 'udp.sent', sock: 'udp-client-1', from: A(54321), to: A(9), size: 1, data: b64('x') });
  const { view } = build(s);

  it('labels an arrow with ports, bytes and an escaped preview', () => {
    expect(arrowLabel(arrows(view)[0]!, t)).toBe("54321 → 12000 · 11 B · 'hello\\nworld'");
  });

  it('describes a datagram as one line: socket, addresses, protocol, bytes, payload, receiver', () => {
    expect(describeRow(arrows(view)[0]!, view, t)).toBe("udp-client-1 127.0.0.1:54321 → 127.0.0.1:12000 UDP 11 bytes 'hello\\nworld' → lab:udp-upper");
  });

  it('says when a datagram went outside the lab', () => {
    expect(describeRow(arrows(view)[2]!, view, t)).toContain('(<fate.external>)');
  });

  it('writes the time of day with milliseconds', () => {
    expect(formatClock(new Date(2024, 0, 1, 9, 5, 7, 42).getTime())).toBe('09:05:07.042');
  });
});

describe('TCP words and headers', () => {
  const s = new Script()
    .hello()
    .add(
      { type: 'tcp.connecting', sock: 'c', remote: A(12000) },
      { type: 'tcp.connected', sock: 'c', local: A(45000), remote: A(12000) },
      { type: 'tcp.accepted', sock: LAB_TCP, conn: `${LAB_TCP}#1`, local: A(12000), remote: A(45000) },
      { type: 'tcp.sent', sock: 'c', size: 4, data: b64('abcd') },
      { type: 'tcp.received', sock: `${LAB_TCP}#1`, size: 2, data: b64('ab') },
    );
  const { view } = build(s);

  it('names the handshake segments as sent by the operating system', () => {
    expect(describeRow(arrows(view)[0]!, view, t)).toBe('c 127.0.0.1:45000 → 127.0.0.1:12000 TCP <arrowName.syn> (<byOs>) → lab:tcp-upper');
  });

  it('labels a partial recv() with its stream bytes', () => {
    expect(markLabel(marks(view).at(-1)!, view, t)).toBe('<mark.recv {"count":2,"start":0,"last":1}>');
  });

  it('rebuilds the IPv4 and TCP headers of a segment, flags included', () => {
    const [ip, tcp] = rowHeaders(arrows(view)[1]!)!;
    expect(ip!.fields.find((f) => f.id === 'protocol')!.value).toBe(6);
    expect(tcp!.fields.filter((f) => f.value === 1 && f.bits === 1).map((f) => f.id)).toEqual(['ack', 'syn']);
    expect(tcp!.fields.find((f) => f.id === 'sourcePort')!.value).toBe(12000);
  });

  it('cannot rebuild the headers of a SYN whose source port never became known', () => {
    const refused = build(new Script().hello().add({ type: 'tcp.connecting', sock: 'x', remote: A(1) })).view;
    expect(rowHeaders(arrows(refused)[0]!)).toBeUndefined();
  });
});
