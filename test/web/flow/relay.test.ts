// The relay on the flow (lesson 9): which way each fate happened, packet numbers that tie held,
// released and dropped to their datagram, TCP's loss turned into retransmission, and one column
// for all of a relay's server-facing sockets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { LabStore } from '../../../web/lab/store.js';
import { arrowLabel, describeRow, markLabel, relayFacts, relayTag, type Translate } from '../../../web/flow/describe.js';
import { occupantAt } from '../../../web/flow/geometry.js';
import { FlowBuilder } from '../../../web/flow/model.js';
import type { FlowView, MarkRow } from '../../../web/flow/types.js';
import { ROOT } from '../../support/bridge-process.js';
import { arrived, TcpRelayScript, UdpRelayScript } from './relay-script.js';
import { A, arrows, b64, build, columnOf, LAB_TCP, LAB_UDP, marks } from './script.js';

let t: Translate;
beforeAll(async () => {
  const en = JSON.parse(readFileSync(join(ROOT, 'web/i18n/locales/en/flow.json'), 'utf8')) as Record<string, unknown>;
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', resources: { en: { flow: en } }, defaultNS: 'flow', interpolation: { escapeValue: false } });
  t = i18n.getFixedT('en', 'flow');
});

const relayMarks = (view: FlowView): MarkRow[] => marks(view).filter((m) => m.mark === 'relay');
const words = (view: FlowView) => relayMarks(view).map((m) => `${m.on}: ${markLabel(m, view, t)}`);
/** Arrows in a few words: "from>to #packets". */
const hops = (view: FlowView) =>
  arrows(view).map((a) => `${a.from}>${a.to}${a.relay ? ` ${a.relay.stage} ${a.relay.packets.map((p) => `#${p}`).join(',')}` : ''}`);

describe('a UDP relay on the flow', () => {
  it('marks a ping the path lost on the client-facing socket, going to the server, and nothing goes on', () => {
    const s = new UdpRelayScript().client('c', 50000).ping('c', 50000, 'Ping 1', { lost: true });
    const { view } = build(s);
    expect(words(view)).toEqual(['r: the path lost it (→ server)']);
    expect(relayMarks(view)[0]).toMatchObject({ code: 'lost', dir: 'toServer' });
    const [ping] = arrows(view);
    expect(ping).toMatchObject({ from: 'c', to: 'r', status: 'delivered', relay: { stage: 'in', dir: 'toServer', lost: true, packets: [] } });
    expect(relayFacts(ping!.relay!, t)).toEqual(['Reached the relay r on its way to the server.', 'The path lost it there: it went no further.']);
    expect(arrows(view)).toHaveLength(1);
  });

  it('marks a reply the path lost on the server-facing socket that received it, going back to the client', () => {
    const s = new UdpRelayScript()
      .client('c', 50000)
      .ping('c', 50000, 'Ping 1', { copies: [1] })
      .forward(50000, 'Ping 1')
      .reply(50000, 'PING 1', { lost: true });
    const { view } = build(s);
    expect(words(view)).toEqual(['r~1: the path lost it (← client)']);
    const reply = arrows(view).at(-1)!;
    expect(reply).toMatchObject({ from: LAB_UDP, to: 'r~1', relay: { stage: 'in', dir: 'toClient', lost: true } });
    expect(describeRow(reply, view, t)).toContain('Reached the relay r on its way back to the client. The path lost it there');
  });

  it('numbers each arrow with the packet the relay made of it, in and out', () => {
    const { view } = build(new UdpRelayScript().client('c', 50000).roundTrip('c', 50000, 'Ping 1', 1));
    expect(hops(view)).toEqual(['c>r in #1', 'r~1>lab:udp-upper out #1', 'lab:udp-upper>r~1 in #2', 'r>c out #2']);
    expect(relayMarks(view)).toEqual([]);
    const out = arrows(view)[1]!;
    expect(relayTag(out, t)).toBe('#1');
    expect(arrowLabel(out, t)).toBe("47001 → 12000 · 6 B · 'Ping 1'");
    expect(describeRow(out, view, t)).toMatch(
      /^#1 r~1 127\.0\.0\.1:47001 → 127\.0\.0\.1:12000 UDP 6 bytes 'Ping 1' → lab:udp-upper \(Leaves the relay r towards the server\. Packet #1\.\)$/,
    );
  });

  it('shows a duplicated reply as two numbered copies, the second one marked as the copy', () => {
    const s = new UdpRelayScript()
      .client('c', 50000)
      .ping('c', 50000, 'Ping 1', { copies: [1] })
      .forward(50000, 'Ping 1');
    s.reply(50000, 'PING 1', { copies: [2, 3], delays: [0, 4] })
      .back('c', 50000, 'PING 1')
      .back('c', 50000, 'PING 1');
    const { view } = build(s);
    expect(words(view)).toEqual(['r~1: #2 and #3: the path duplicated it (← client)']);
    expect(hops(view).slice(2)).toEqual(['lab:udp-upper>r~1 in #2,#3', 'r>c out #2', 'r>c out #3']);
    const [first, second] = arrows(view).slice(3);
    expect(first!.relay!.duplicate).toBeUndefined();
    expect(relayFacts(second!.relay!, t)).toEqual([
      'Leaves the relay r back towards the client.',
      'Packet #3.',
      'The path delayed it 4 ms.',
      'The second copy of a datagram the path duplicated.',
    ]);
  });

  it('matches a delayed datagram that leaves after a later one by its bytes, not by its turn', () => {
    const s = new UdpRelayScript().client('c', 50000);
    s.ping('c', 50000, 'Ping 1', { copies: [1], delays: [300], reordered: true }).ping('c', 50000, 'Ping 2', { copies: [2] });
    s.forward(50000, 'Ping 2').forward(50000, 'Ping 1');
    const { view } = build(s);
    expect(hops(view)).toEqual(['c>r in #1', 'c>r in #2', 'r~1>lab:udp-upper out #2', 'r~1>lab:udp-upper out #1']);
    expect(words(view)).toEqual(['r: #1 held back 300 ms: the next may overtake it (→ server)']);
  });

  it('ties a held ping, its release and the arrow that takes it on together by its number', () => {
    const s = new UdpRelayScript().client('c', 50000).ping('c', 50000, 'Ping 1', { copies: [12] });
    s.add({ type: 'relay.held', sock: 'r', packet: 12, dir: 'toServer', size: 6 }, { type: 'relay.released', sock: 'r', packet: 12 });
    s.forward(50000, 'Ping 1');
    const { view } = build(s);
    expect(words(view)).toEqual(['r: #12 held at the relay (→ server)', 'r: #12 released: it goes on (→ server)']);
    expect(relayMarks(view).map((m) => m.count)).toEqual([12, 12]);
    const out = arrows(view).at(-1)!;
    expect(out).toMatchObject({ from: 'r~1', to: LAB_UDP, relay: { stage: 'out', packets: [12], held: true } });
    // the mark comes first, then the arrow it lets go
    expect(relayMarks(view)[1]!.row).toBeLessThan(out.row);
  });

  it('ends a held ping that is dropped at the relay with a cross, and nothing of it goes on', () => {
    const s = new UdpRelayScript().client('c', 50000).ping('c', 50000, 'Ping 1', { copies: [12] });
    s.add({ type: 'relay.held', sock: 'r', packet: 12, dir: 'toServer', size: 6 }, { type: 'relay.dropped', sock: 'r', packet: 12, retransmitted: false });
    // the same bytes sent again later are a new packet, not the dropped one
    s.ping('c', 50000, 'Ping 1', { copies: [13] }).forward(50000, 'Ping 1');
    const { view } = build(s);
    expect(words(view)).toEqual(['r: #12 held at the relay (→ server)', 'r: #12 dropped at the relay: it goes no further (→ server)']);
    expect(arrows(view)[0]!.relay).toMatchObject({ packets: [12], dropped: true });
    expect(hops(view)).toEqual(['c>r in #12', 'c>r in #13', 'r~1>lab:udp-upper out #13']);
  });

  it('marks a held reply on the server-facing side, where it waits', () => {
    const s = new UdpRelayScript()
      .client('c', 50000)
      .ping('c', 50000, 'Ping 1', { copies: [1] })
      .forward(50000, 'Ping 1')
      .reply(50000, 'PING 1', { copies: [2] });
    s.add({ type: 'relay.held', sock: 'r', packet: 2, dir: 'toClient', size: 6 });
    const { view } = build(s);
    expect(words(view)).toEqual(['r~1: #2 held at the relay (← client)']);
  });

  it("ends a reply released after the pinger gave up at that pinger's closed socket, lost", () => {
    const s = new UdpRelayScript()
      .client('c', 50000)
      .ping('c', 50000, 'Ping 1', { copies: [1] })
      .forward(50000, 'Ping 1')
      .reply(50000, 'PING 1', { copies: [2] });
    s.add(
      { type: 'relay.held', sock: 'r', packet: 2, dir: 'toClient', size: 6 },
      { type: 'socket.closed', sock: 'c', reason: 'local' },
      { type: 'relay.released', sock: 'r', packet: 2 },
    );
    s.add({ type: 'udp.sent', sock: 'r', from: A(47000), to: A(50000), size: 6, data: b64('PING 1') });
    const { view } = build(s);
    expect(arrows(view).at(-1)).toMatchObject({ from: 'r', to: 'c', status: 'lost', relay: { packets: [2], held: true } });
    expect([...view.lifelines.keys()].filter((id) => id.startsWith('ext:'))).toEqual([]);
  });

  it('draws every client path of a relay in one server-facing column, so the server keeps its place', () => {
    const s = new UdpRelayScript();
    for (let i = 0; i < 4; i++) s.client(`c${i}`, 50000 + i).roundTrip(`c${i}`, 50000 + i, `Ping ${i}`, 2 * i + 1);
    const { view } = build(s);
    const upstream = ['r~1', 'r~2', 'r~3', 'r~4'].map((id) => columnOf(view, id));
    expect(new Set(upstream).size).toBe(1);
    expect(columnOf(view, 'r')).toBeLessThan(upstream[0]!);
    expect(upstream[0]).toBeLessThan(columnOf(view, LAB_UDP));
    // four clients one after another (none closed), a relay, its upstream, the server
    expect(view.columns).toHaveLength(7);
    const column = view.columns[upstream[0]!]!;
    expect(column.relay).toEqual({ id: 'r', role: 'upstream' });
    expect(view.columns[columnOf(view, 'r')]!.relay).toEqual({ id: 'r', role: 'front' });
    // the header names the path now in use
    const last = view.rows.at(-1)!.row;
    expect(occupantAt(view, column, last)!.id).toBe('r~4');
  });

  it('follows the packets of a relay it learnt from the lab state after the trace was cut', () => {
    const s = new UdpRelayScript().client('c', 50000);
    const { builder } = build(s);
    s.ping('c', 50000, 'Ping 1', { lost: true });
    builder.sync(s.state());
    expect(words(builder.view())).toEqual(['r: the path lost it (→ server)']);
  });
});

describe('a TCP relay on the flow', () => {
  it('says TCP sends a lost piece again, marks the pieces that wait behind it once, and tags the retransmission', () => {
    const s = new TcpRelayScript().send('abcdefghijkl', [
      { copies: [1], lost: true, retransmission: true, delays: [300] },
      { copies: [2], delays: [300] },
      { copies: [3], delays: [300] },
    ]);
    s.wait(300_000).deliver('abcd').deliver('efgh').deliver('ijkl');
    const { view } = build(s);
    expect(words(view)).toEqual(['r#1: #1 lost: TCP sends it again in 300 ms (→ server)', 'r#1: #2–#3 wait for #1, sent again (→ server)']);
    expect(relayMarks(view).map((m) => m.code)).toEqual(['resent', 'blocked']);
    const out = arrows(view).filter((a) => a.from === 'r~1' && a.arrow === 'data');
    expect(out.map((a) => a.relay!.packets[0])).toEqual([1, 2, 3]);
    expect(out[0]!.relay!.retransmission).toBe(true);
    expect(relayTag(out[0]!, t)).toBe('#1 retransmission');
    expect(relayFacts(out[0]!.relay!, t)).toContain('TCP sends it again: the path lost its first transmission. It left 300 ms after it arrived.');
    expect(relayFacts(out[1]!.relay!, t)).toContain('It waited 300 ms, behind #1, which the path lost: TCP hands over bytes only in order.');
    expect(relayFacts(out[1]!.relay!, t)).not.toContain('The path delayed it 300 ms.');
    expect(out.map((a) => a.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('says each waiting piece waits for the latest loss ahead of it', () => {
    const s = new TcpRelayScript().send('abcdefghijklmnopqrst', [
      { copies: [1], lost: true, retransmission: true, delays: [300] },
      { copies: [2], delays: [300] },
      { copies: [3], lost: true, retransmission: true, delays: [600] },
      { copies: [4], delays: [600] },
      { copies: [5], delays: [600] },
    ]);
    const { view } = build(s);
    expect(words(view)).toEqual([
      'r#1: #1 lost: TCP sends it again in 300 ms (→ server)',
      'r#1: #2 waits for #1, sent again (→ server)',
      'r#1: #3 lost: TCP sends it again in 600 ms (→ server)',
      'r#1: #4–#5 wait for #3, sent again (→ server)',
    ]);
  });

  it('does not mark pieces that a constant delay holds up, only the loss among them', () => {
    const fates: Parameters<TcpRelayScript['send']>[1] = [100, 200, 300, 400].map((d, i) => ({ copies: [i + 1], delays: [d] }));
    fates[2] = { copies: [3], lost: true, retransmission: true, delays: [600] };
    fates[3] = { copies: [4], delays: [700] };
    const s = new TcpRelayScript({ delayMs: 100 }).send('abcdefghijklmnop', fates);
    const { view } = build(s);
    expect(relayMarks(view).map((m) => `${m.code} #${m.count}`)).toEqual(['resent #3', 'blocked #4']);
  });

  it('keeps the marks of a reply on the server-facing column', () => {
    const s = new TcpRelayScript();
    s.add({ type: 'tcp.sent', sock: `${LAB_TCP}#1`, size: 4, data: b64('ABCD') }, { type: 'tcp.received', sock: 'r~1', size: 4, data: b64('ABCD') });
    s.add(arrived('r', 'toClient', 'ABCD', { copies: [5], lost: true, retransmission: true, delays: [300] }));
    const { view } = build(s);
    expect(words(view)).toEqual(['r~1: #5 lost: TCP sends it again in 300 ms (← client)']);
    expect(columnOf(view, 'r~1')).toBeGreaterThan(columnOf(view, 'r#1'));
    expect(columnOf(view, 'r#1')).toBe(columnOf(view, 'r'));
  });

  it('follows a piece dropped from the hold into its retransmission, released before it is written', () => {
    const s = new TcpRelayScript().send('abcd', [{ copies: [2] }]);
    s.add(
      { type: 'relay.held', sock: 'r', packet: 2, dir: 'toServer', size: 4 },
      { type: 'relay.dropped', sock: 'r', packet: 2, retransmitted: true },
      arrived('r', 'toServer', 'abcd', { copies: [4], retransmission: true, delays: [300] }),
      { type: 'relay.held', sock: 'r', packet: 4, dir: 'toServer', size: 4 },
    );
    // a step: the TCP relay writes the piece, then reports the release
    s.deliver('abcd').add({ type: 'relay.released', sock: 'r', packet: 4 });
    const { view } = build(s);
    expect(words(view)).toEqual([
      'r#1: #2 held at the relay (→ server)',
      'r#1: #2 dropped at the relay; TCP sends it again (→ server)',
      'r#1: #4: TCP sends #2 again (→ server)',
      'r#1: #4 held at the relay (→ server)',
      'r#1: #4 released: it goes on (→ server)',
    ]);
    const out = arrows(view).find((a) => a.from === 'r~1' && a.arrow === 'data')!;
    expect(out.relay).toMatchObject({ packets: [4], retransmission: true, of: 2, held: true });
    expect(relayMarks(view).at(-1)!.row).toBeLessThan(out.row);
    expect(relayFacts(out.relay!, t)).toContain('TCP sends it again: #2 was dropped from the hold.');
  });
});

describe('relay work stays in proportion to new events', () => {
  it('folds a burst of 2,000 relayed events frame by frame as fast as plain UDP (timings printed)', () => {
    const s = new UdpRelayScript().client('c', 50000);
    for (let i = 0; i < 200; i++) s.roundTrip('c', 50000, `Ping ${i}`, 2 * i + 1); // 10 events each
    const store = new LabStore(undefined, () => {});
    const live = new FlowBuilder({ summaryRate: Infinity });
    const t0 = performance.now();
    let frames = 0;
    for (let i = 0; i < s.events.length; i += 34) {
      for (const e of s.events.slice(i, i + 34)) store.push(e);
      store.flush();
      live.sync(store.getState());
      live.view();
      frames++;
    }
    const perFrame = (performance.now() - t0) / frames;
    console.log(`relay flow: ${s.events.length} events in ${frames} frames of 34, ${perFrame.toFixed(3)} ms each (store included)`);
    const out = arrows(live.view()).filter((a) => a.relay?.stage === 'out');
    expect(out).toHaveLength(400);
    expect(out.map((a) => a.relay!.packets[0])).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(perFrame).toBeLessThan(16);
  });
});
