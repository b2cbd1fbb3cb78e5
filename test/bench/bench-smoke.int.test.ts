// The benchmark's reference relay must speak the bridge's protocol, or the ratios in
// docs/performance.md compare unlike things. One round trip each way, in-process, in about a second.
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import type WebSocket from 'ws';
import { parseEvent } from '../../protocol/codec.js';
import { labTcp, labUdp, openLabSocket, request, type Channel } from '../../bench/channels.js';
import { pipelined, roundTrips } from '../../bench/measure.js';
import { startReferenceRelay, type ReferenceRelay } from '../../bench/reference-relay.js';
import { startTargets, type Targets } from '../../bench/targets.js';
import { wsText } from '../../bridge/ws-text.js';

const payload = Buffer.from('the quick brown fox jumps over the lazy dog');
let relay: ReferenceRelay;
let targets: Targets;
const endpoint = () => ({ url: `ws://127.0.0.1:${relay.port}/`, origin: 'http://127.0.0.1' });

const onTeardown = teardownStack();
beforeAll(async () => {
  [relay, targets] = await Promise.all([startReferenceRelay(), startTargets()]);
  onTeardown(() => Promise.all([relay.close(), targets.close()]));
});

/** Collects every frame the relay sends on a fresh session while `act` runs. */
async function framesDuring(act: (ws: WebSocket) => Promise<void>): Promise<string[]> {
  const ws = await openLabSocket(endpoint());
  const frames: string[] = [];
  ws.on('message', (data) => frames.push(wsText(data)));
  try {
    await act(ws);
  } finally {
    ws.close();
  }
  return frames;
}

describe('bench reference relay', () => {
  it('answers UDP and TCP round trips with events that parse as the protocol Event', async () => {
    const frames = await framesDuring(async (ws) => {
      await request(ws, { type: 'udp.open', sock: 'u' }, 'udp.bound');
      await request(ws, { type: 'tcp.connect', sock: 't', host: '127.0.0.1', port: targets.tcpPort }, 'tcp.connected');
      await request(ws, { type: 'udp.send', sock: 'u', host: '127.0.0.1', port: targets.udpPort, data: payload.toString('base64') }, 'udp.received');
      await request(ws, { type: 'tcp.send', sock: 't', data: payload.toString('base64') }, 'tcp.received');
    });
    const events = frames.map((f) => parseEvent(f));
    expect(events.filter((e) => !e.ok)).toEqual([]);
    const values = events.flatMap((e) => (e.ok ? [e.value] : []));
    // the same events the bridge sends for these requests (their order across sockets may vary)
    expect(values.map((e) => e.type).sort()).toEqual(['tcp.connected', 'tcp.connecting', 'tcp.received', 'tcp.sent', 'udp.bound', 'udp.received', 'udp.sent']);
    for (const e of values) {
      if (e.type === 'udp.received' || e.type === 'tcp.received') expect(Buffer.from(e.data, 'base64').toString()).toBe(payload.toString().toUpperCase());
    }
  });

  it('carries timed round trips and a pipelined window through the measuring channels', async () => {
    const channels: Channel[] = [await labUdp(endpoint(), targets.udpPort, payload), await labTcp(endpoint(), targets.tcpPort, payload)];
    try {
      for (const channel of channels) {
        const latency = await roundTrips(channel, payload.length, 20, 2000);
        expect(latency.samples).toHaveLength(20);
        const throughput = await pipelined(channel, payload.length, 8, 20, 100, 10_000);
        expect(throughput.messages).toBeGreaterThan(0);
        expect(throughput.lost).toBe(0);
      }
    } finally {
      for (const channel of channels) channel.close();
    }
  });
});
