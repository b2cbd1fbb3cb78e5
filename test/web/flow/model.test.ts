import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { reduce, TRACE_LIMIT } from '../../../web/lab/state.js';
import { LabStore } from '../../../web/lab/store.js';
import { matchesFilter } from '../../../web/flow/core.js';
import { FlowBuilder } from '../../../web/flow/model.js';
import { A, arrows, b64, build, columnOf, LAB_UDP, marks, Script, summary } from './script.js';

function udpTraffic(exchanges: number): Script {
  const s = new Script().hello().add({ type: 'udp.bound', sock: 'udp-client-1', local: A(54321), bufsize: 2048 });
  for (let i = 0; i < exchanges; i++) s.udpExchange('udp-client-1', 54321, `message ${i}`);
  return s;
}

describe('flow model: keeping up', () => {
  it('gives the same diagram whether the trace arrives at once or a frame at a time', () => {
    const s = udpTraffic(50);
    const once = build(s).view;
    const store = new LabStore(undefined, () => {});
    const builder = new FlowBuilder();
    s.events.forEach((e, i) => {
      store.push(e);
      if (i % 7 === 0) {
        store.flush();
        builder.sync(store.getState());
      }
    });
    store.flush();
    builder.sync(store.getState());
    expect(builder.view().rows.map(summary)).toEqual(once.rows.map(summary));
  });

  it('returns the same view object until something changes', () => {
    const s = udpTraffic(1);
    const { builder, view } = build(s);
    expect(builder.view()).toBe(view);
    expect(builder.sync(s.state())).toBe(false);
    s.udpExchange('udp-client-1', 54321, 'more');
    expect(builder.sync(s.state())).toBe(true);
    expect(builder.view()).not.toBe(view);
  });

  it('keeps at most maxRows rows, counts the dropped ones and forgets sockets that ended before them', () => {
    const s = new Script().hello();
    for (let i = 0; i < 200; i++) {
      const sock = `udp-client-${i}`;
      s.add({ type: 'udp.bound', sock, local: A(50000 + i), bufsize: 2048 });
      s.udpExchange(sock, 50000 + i, 'x');
      s.add({ type: 'socket.closed', sock, reason: 'local' });
    }
    const { view } = build(s, { maxRows: 100 });
    expect(view.rows.length).toBeLessThanOrEqual(110);
    expect(view.dropped + view.rows.length).toBe(800);
    expect(view.rows[0]!.row).toBe(view.firstRow);
    expect(view.lifelines.size).toBeLessThan(40);
    expect(view.lifelines.has('udp-client-0')).toBe(false);
    expect(view.lifelines.has('udp-client-199')).toBe(true);
  });

  it('starts over when the trace is cleared, still knowing the sockets that stay open', () => {
    const s = udpTraffic(3);
    const store = new LabStore(undefined, () => {});
    const builder = new FlowBuilder();
    for (const e of s.events) store.push(e);
    store.flush();
    builder.sync(store.getState());
    store.dispatch({ type: 'clearTrace' });
    builder.sync(store.getState());
    expect(builder.view().rows).toEqual([]);
    const more = new Script();
    more.t = s.t;
    more.udpExchange('udp-client-1', 54321, 'after');
    for (const e of more.events) store.push(e);
    store.flush();
    builder.sync(store.getState());
    expect(builder.view().rows.map(summary)).toEqual(['datagram udp-client-1>lab:udp-upper delivered', 'datagram lab:udp-upper>udp-client-1 delivered']);
    expect(builder.view().dropped).toBe(0);
  });

  it('notes the events a burst pushed off the trace before the flow could see them', () => {
    const s = udpTraffic(2);
    const builder = new FlowBuilder();
    let state = s.state();
    builder.sync(state);
    const burst = new Script();
    burst.t = s.t;
    for (let i = 0; i < TRACE_LIMIT / 4 + 10; i++) burst.udpExchange('udp-client-1', 54321, 'x');
    state = reduce(state, { type: 'events', events: burst.events });
    builder.sync(state);
    expect(builder.view().dropped).toBeGreaterThan(0);
  });

  it('derives a burst of 2,000 events quickly, at once and frame by frame (timings printed)', () => {
    const s = udpTraffic(500); // 2,002 events
    const state = s.state();
    let t0 = performance.now();
    // every arrow on its own row: the most work the model can be given
    const builder = new FlowBuilder({ summaryRate: Infinity });
    builder.sync(state);
    builder.view();
    const once = performance.now() - t0;

    const store = new LabStore(undefined, () => {});
    const live = new FlowBuilder({ summaryRate: Infinity });
    t0 = performance.now();
    let frames = 0;
    for (let i = 0; i < s.events.length; i += 34) {
      for (const e of s.events.slice(i, i + 34)) store.push(e);
      store.flush();
      live.sync(store.getState());
      live.view();
      frames++;
    }
    const perFrame = (performance.now() - t0) / frames;
    console.log(`flow model: 2,002 events at once ${once.toFixed(1)} ms; ${frames} frames of 34 events ${perFrame.toFixed(3)} ms each (store included)`);
    expect(builder.view().rows.length).toBe(1001);
    expect(arrows(live.view()).every((a) => a.status === 'delivered')).toBe(true);
  });
});

describe('flow model: which sockets and lifelines', () => {
  it('draws only the rows that touch the filtered sockets', () => {
    const s = udpTraffic(1).add(
      { type: 'udp.bound', sock: 'other', local: A(50001), bufsize: 2048 },
      { type: 'udp.sent', sock: 'other', from: A(50001), to: A(9), size: 1, data: b64('x') },
    );
    const { view } = build(s, { filter: ['udp-upper'] });
    expect(view.rows.map(summary)).toEqual(['datagram udp-client-1>lab:udp-upper delivered', 'datagram lab:udp-upper>udp-client-1 delivered']);
    expect(view.columns.length).toBe(2);
  });

  it('matches filters by id, lab server name with its connections, and console prefix (with what derives from each)', () => {
    expect(matchesFilter('lab:tcp-upper#3', ['tcp-upper'])).toBe(true);
    expect(matchesFilter('lab:tcp-upper', ['tcp-upper'])).toBe(true);
    expect(matchesFilter('udp-client-4', ['udp-client'])).toBe(true);
    expect(matchesFilter('udp-client-4', ['udp-client-4'])).toBe(true);
    expect(matchesFilter('srv#2', ['srv'])).toBe(true);
    expect(matchesFilter('path~1', ['path'])).toBe(true);
    // a console's server and relay bring their connections and upstream sockets along
    expect(matchesFilter('tcp-server-1#2', ['tcp-server'])).toBe(true);
    expect(matchesFilter('tcp-path-2~1', ['udp-client', 'tcp-path'])).toBe(true);
    expect(matchesFilter('udp-client-x', ['udp-client'])).toBe(false);
    expect(matchesFilter('lab:tcp-uppercase', ['tcp-upper'])).toBe(false);
  });

  it('gives a socket id used again after close a lifeline of its own', () => {
    const s = new Script().hello().add({ type: 'udp.bound', sock: 'c', local: A(50000), bufsize: 2048 });
    s.udpExchange('c', 50000, 'a').add({ type: 'socket.closed', sock: 'c', reason: 'local' }, { type: 'udp.bound', sock: 'c', local: A(50002), bufsize: 2048 });
    s.udpExchange('c', 50002, 'b');
    const { view } = build(s);
    expect(arrows(view).map(summary).slice(2)).toEqual(['datagram c@2>lab:udp-upper delivered', 'datagram lab:udp-upper>c@2 delivered']);
    expect(view.lifelines.get('c@2')!.label).toBe('c');
    expect(columnOf(view, 'c@2')).toBe(columnOf(view, 'c'));
  });

  it('ends the page lifelines of an old session when a new hello arrives', () => {
    const s = udpTraffic(1).hello();
    const { view } = build(s);
    expect(view.lifelines.get('udp-client-1')!.closed).toBe(true);
    expect(view.lifelines.get(LAB_UDP)!.closed).toBe(false);
  });

  it('places a relay between the client and the server, and marks what the path did', () => {
    const relay = A(47000);
    const up = A(47001);
    const me = A(50000);
    const s = new Script().hello().add(
      { type: 'udp.bound', sock: 'c', local: me, bufsize: 2048 },
      { type: 'udp.bound', sock: 'r', local: relay, bufsize: 65535 },
      {
        type: 'relay.started',
        sock: 'r',
        proto: 'udp',
        listen: relay,
        target: A(12000),
        settings: { loss: 0, delayMs: 0, jitterMs: 0, duplicate: 0, reorder: 0, reorderMs: 0, seed: 1, segmentBytes: 1000, retransmitMs: 200 },
        held: false,
      },
      { type: 'udp.sent', sock: 'c', from: me, to: relay, size: 1, data: b64('a') },
      { type: 'udp.received', sock: 'r', from: me, to: relay, size: 1, data: b64('a'), truncated: false },
      { type: 'udp.bound', sock: 'r~1', local: up, bufsize: 65535 },
      {
        type: 'relay.arrived',
        sock: 'r',
        copies: [1],
        dir: 'toServer',
        size: 1,
        data: b64('a'),
        lost: false,
        delays: [0],
        reordered: false,
        retransmission: false,
      },
      { type: 'udp.sent', sock: 'r~1', from: up, to: A(12000), size: 1, data: b64('a') },
      { type: 'udp.received', sock: LAB_UDP, from: up, to: A(12000), size: 1, data: b64('a'), truncated: false },
      { type: 'udp.sent', sock: 'c', from: me, to: relay, size: 1, data: b64('b') },
      { type: 'udp.received', sock: 'r', from: me, to: relay, size: 1, data: b64('b'), truncated: false },
      {
        type: 'relay.arrived',
        sock: 'r',
        copies: [],
        dir: 'toServer',
        size: 1,
        data: b64('b'),
        lost: true,
        delays: [],
        reordered: false,
        retransmission: false,
      },
    );
    const { view } = build(s);
    expect(columnOf(view, 'c')).toBeLessThan(columnOf(view, 'r'));
    expect(columnOf(view, 'r~1')).toBeLessThan(columnOf(view, LAB_UDP));
    expect(view.groups.find((g) => g.side === 'middle')!.label).toBe('r');
    expect(arrows(view).map(summary)).toEqual(['datagram c>r delivered', 'datagram r~1>lab:udp-upper delivered', 'datagram c>r delivered']);
    expect(marks(view).filter((m) => m.mark === 'relay')).toMatchObject([{ on: 'r', code: 'lost' }]);
  });
});
