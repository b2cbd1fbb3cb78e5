// A capture drawn as a flow: export, import, the same arrows between the same endpoints; a segment
// TCP sends again is marked and its first copy drawn lost; a file with nothing to draw says why.
import { describe, expect, it } from 'vitest';
import { describeRow } from '../../web/flow/describe.js';
import type { ArrowRow, FlowView, MarkRow } from '../../web/flow/types.js';
import { exportPcapng } from '../../web/pcap/export.js';
import { importCapture } from '../../web/pcap/import.js';
import { LINKTYPE } from '../../web/pcap/packets.js';
import { captureNoteTexts } from '../../web/pcap/use-capture.js';
import { arrows } from '../web/flow/script.js';
import { ARP_FRAME, frame, ip, pcap, portUnreachable, V4 } from './captures.js';
import { exportInput, lesson0, lesson4, lesson9, t } from './fixtures.js';

/** An arrow in words that do not depend on socket names: "syn 127.0.0.1:50124>127.0.0.1:12000 0 ''". */
const wire = (r: ArrowRow) =>
  `${r.arrow} ${r.src!.address}:${r.src!.port}>${r.dst!.address}:${r.dst!.port} ${r.size} '${r.data ? Buffer.from(r.data, 'base64').toString() : ''}'`;
const column = (view: FlowView, id: string) => view.laneColumn[view.lifelines.get(id)!.lane!]!;

describe('import of a capture', () => {
  for (const [name, script] of [
    ['lesson 0 (UDP)', lesson0],
    ['lesson 4 (TCP: handshake, data, FIN)', lesson4],
  ] as const) {
    it(`draws the same flow back from an export of ${name}`, () => {
      const input = exportInput(script());
      const back = importCapture(exportPcapng(input).bytes);
      expect(back.problem).toBeUndefined();
      expect(arrows(back.view).map(wire)).toEqual(arrows(input.view).map(wire));
      expect(arrows(back.view).map((a) => a.byOs ?? false)).toEqual(arrows(input.view).map((a) => a.byOs ?? false));
      expect(arrows(back.view).every((a) => a.status === 'delivered')).toBe(true);
    });
  }

  it('puts one lifeline per endpoint: the client on the left, the server on the right', () => {
    const { view } = importCapture(exportPcapng(exportInput(lesson4())).bytes);
    expect([...view.lifelines.keys()].sort()).toEqual(['cap:tcp:127.0.0.1:12000', 'cap:tcp:127.0.0.1:50124']);
    expect(column(view, 'cap:tcp:127.0.0.1:50124')).toBeLessThan(column(view, 'cap:tcp:127.0.0.1:12000'));
    expect(view.groups.map((g) => g.side)).toEqual(['client', 'server']);
  });

  it("keeps the capture's header values for the inspector: TTL, identification, sequence numbers", () => {
    const { view } = importCapture(exportPcapng(exportInput(lesson4())).bytes);
    const [syn, synAck] = arrows(view);
    expect(syn!.wire).toMatchObject({ ttl: 64, dontFragment: true, tcp: { flags: { syn: true, ack: false } } });
    expect(synAck!.wire!.tcp!.ack).toBe((syn!.wire!.tcp!.seq + 1) >>> 0);
  });

  it('marks a retransmission and draws the first copy lost, as in lesson 9', () => {
    const { view } = importCapture(exportPcapng(exportInput(lesson9())).bytes);
    const upstream = arrows(view).filter((a) => a.dst!.port === 12001 && a.size > 0);
    expect(upstream.map((a) => `${a.status} ${Buffer.from(a.data!, 'base64').toString()}`)).toEqual(['lost abcd', 'delivered abcd', 'delivered efgh']);
    const mark = view.rows.find((r): r is MarkRow => r.kind === 'mark')!;
    expect(describeRow(mark, view, t)).toBe('127.0.0.1:47101 #9: TCP sends #8 again');
    expect(mark.row).toBe(upstream[1]!.row - 1);
  });

  it('counts the bare acknowledgements of data without drawing them, and draws the handshake ACK', () => {
    const c = V4(40000);
    const s = V4(12000);
    const seg = (src = c, dst = s, flags: Record<string, boolean>, seq: number, ack: number, payload = '') =>
      frame(LINKTYPE.raw, ip({ proto: 'tcp', src, dst, payload, tcp: { flags, seq, ack, window: 512 } }));
    const file = pcap(LINKTYPE.raw, [
      { timeUs: 1, data: seg(c, s, { syn: true }, 100, 0) },
      { timeUs: 2, data: seg(s, c, { syn: true, ack: true }, 500, 101) },
      { timeUs: 3, data: seg(c, s, { ack: true }, 101, 501) },
      { timeUs: 4, data: seg(c, s, { ack: true, psh: true }, 101, 501, 'hi') },
      { timeUs: 5, data: seg(s, c, { ack: true }, 501, 103) },
      { timeUs: 6, data: seg(s, c, { rst: true, ack: true }, 501, 103) },
    ]);
    const result = importCapture(file);
    expect(arrows(result.view).map((a) => a.arrow)).toEqual(['syn', 'synAck', 'ack', 'data', 'rst']);
    expect(result.acks).toBe(1);
    expect(captureNoteTexts({ kind: 'opened', name: 'x.pcap', result }, t).map((n) => n.text)).toContain(
      '1 bare TCP acknowledgement is counted but not drawn, as in the live flow.',
    );
  });

  it('draws a SYN answered by RST as refused (ECONNREFUSED), as the live flow does', () => {
    const c = V4(40001);
    const s = V4(9);
    const file = pcap(LINKTYPE.raw, [
      { timeUs: 1, data: ip({ proto: 'tcp', src: c, dst: s, payload: '', tcp: { flags: { syn: true }, seq: 7, ack: 0, window: 512 } }) },
      { timeUs: 2, data: ip({ proto: 'tcp', src: s, dst: c, payload: '', tcp: { flags: { rst: true, ack: true }, seq: 0, ack: 8, window: 0 } }) },
    ]);
    expect(arrows(importCapture(file).view).map((a) => `${a.arrow} ${a.status} ${a.code ?? ''}`)).toEqual(['syn refused ', 'rst delivered ECONNREFUSED']);
  });

  it('draws a datagram answered by ICMP "port unreachable" lost: nobody was listening', () => {
    const datagram = ip({ proto: 'udp', src: V4(40002), dst: V4(12999), payload: 'anyone?' });
    const other = ip({ proto: 'udp', src: V4(40002), dst: V4(12000), payload: 'hi' });
    const result = importCapture(
      pcap(LINKTYPE.raw, [
        { timeUs: 1, data: datagram },
        { timeUs: 2, data: other },
        { timeUs: 3, data: portUnreachable(datagram) },
      ]),
    );
    expect(arrows(result.view).map((a) => `${a.dst!.port} ${a.status}`)).toEqual(['12999 lost', '12000 delivered']);
    expect(result.skipped).toEqual({});
  });

  it('does not call a retransmission of bytes already acknowledged a loss', () => {
    const c = V4(40000);
    const s = V4(12000);
    const seg = (src: typeof c, dst: typeof c, flags: Record<string, boolean>, seq: number, ack: number, payload = '') =>
      ip({ proto: 'tcp', src, dst, payload, tcp: { flags, seq, ack, window: 512 } });
    const file = pcap(LINKTYPE.raw, [
      { timeUs: 1, data: seg(c, s, { syn: true }, 100, 0) },
      { timeUs: 2, data: seg(s, c, { syn: true, ack: true }, 500, 101) },
      { timeUs: 3, data: seg(c, s, { ack: true, psh: true }, 101, 501, 'hi') },
      { timeUs: 4, data: seg(s, c, { ack: true }, 501, 103) },
      { timeUs: 5, data: seg(c, s, { ack: true, psh: true }, 101, 501, 'hi') },
    ]);
    const data = arrows(importCapture(file).view).filter((a) => a.arrow === 'data');
    expect(data.map((a) => a.status)).toEqual(['delivered', 'delivered']);
  });

  it('says what it left out of an Ethernet capture of ARP, and that nothing is left to draw', () => {
    const result = importCapture(
      pcap(LINKTYPE.ethernet, [
        { timeUs: 1, data: ARP_FRAME },
        { timeUs: 2, data: ARP_FRAME },
      ]),
    );
    expect(result).toMatchObject({ frames: 2, drawn: 0, skipped: { ARP: 2 } });
    expect(captureNoteTexts({ kind: 'opened', name: 'arp.pcap', result }, t)).toEqual([
      { text: 'No UDP or TCP packet in arp.pcap: there is nothing to draw.', error: true },
      { text: '2 packets are not UDP or TCP over IP (ARP) and are left out.', error: true },
    ]);
  });

  it('shows what it could read of a cut file, and says where it stops', () => {
    const whole = exportPcapng(exportInput(lesson4())).bytes;
    const result = importCapture(whole.subarray(0, whole.length - 30));
    expect(result.drawn).toBe(6);
    const notes = captureNoteTexts({ kind: 'opened', name: 'cut.pcapng', result }, t);
    expect(notes[0]).toMatchObject({ error: true });
    expect(notes[0]!.text).toMatch(/^cut\.pcapng ends in the middle of a packet \(byte \d+\)/);
    expect(notes[1]!.text).toContain('6 of its 6 packets drawn');
  });

  it('draws at most as many rows as the flow keeps, and says the rest is left out', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ timeUs: i, data: ip({ proto: 'udp', src: V4(40000 + i), dst: V4(12000), payload: 'x' }) }));
    const result = importCapture(pcap(LINKTYPE.raw, records), 10);
    expect(result).toMatchObject({ drawn: 10, cut: true });
    expect(captureNoteTexts({ kind: 'opened', name: 'big.pcap', result }, t).map((n) => n.text)).toContain(
      'The file holds more than the flow can draw: only its first 10 rows are shown.',
    );
    // thirty one-shot clients share the columns of those that finished
    expect(result.view.columns.length).toBeLessThan(11);
  });

  it('says a file that is not a capture is not one, and an empty file is empty', () => {
    const notes = (bytes: Uint8Array) => captureNoteTexts({ kind: 'opened', name: 'f', result: importCapture(bytes) }, t).map((n) => n.text);
    expect(notes(new TextEncoder().encode('not a capture at all'))).toEqual([
      'f is not a capture file (pcap or pcapng). Open a file saved by Wireshark, or by tcpdump -w.',
    ]);
    expect(notes(new Uint8Array(0))[0]).toMatch(/^The file f is empty/);
  });
});
