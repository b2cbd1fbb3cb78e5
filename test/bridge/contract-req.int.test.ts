// Answers are matched to requests by their number: the bridge echoes `req` in the event that answers
// a request, so requests pipelined on one socket each resolve with their own answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent } from '../../protocol/codec.js';
import { startLab, type Lab, type Page } from './helpers/lab.js';
import { tcpPeer, udpPeer } from './helpers/peers.js';

let lab: Lab;
let page: Page;

beforeAll(async () => {
  lab = await startLab();
  page = await lab.page();
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

/** The `req` of every answer of `type` the page received, in arrival order. */
const reqsOf = (type: string) =>
  page.frames.flatMap((f) => {
    const parsed = parseEvent(f);
    return parsed.ok && parsed.value.type === type && 'req' in parsed.value ? [parsed.value.req] : [];
  });

describe('answers carry the request number', () => {
  it('resolves two udpSend pipelined on one socket each with its own udp.sent', async () => {
    const peer = await udpPeer();
    const bound = await page.client.udpOpen('pipe-udp');
    expect(typeof bound.req).toBe('number');
    const [one, two] = await Promise.all([
      page.client.udpSend('pipe-udp', '127.0.0.1', peer.port, 'a'),
      page.client.udpSend('pipe-udp', '127.0.0.1', peer.port, 'bcd'),
    ]);
    expect([one.size, two.size]).toEqual([1, 3]);
    expect(one.req).not.toBe(two.req);
    expect(one).not.toBe(two);
    await page.client.closeSocket('pipe-udp');
    await peer.close();
  });

  it('resolves two tcpSend pipelined on one connection each with its own tcp.sent, and the FIN with its own', async () => {
    const peer = await tcpPeer();
    const connected = await page.client.tcpConnect('pipe-tcp', '127.0.0.1', peer.port);
    expect(typeof connected.req).toBe('number');
    const [one, two] = await Promise.all([page.client.tcpSend('pipe-tcp', 'xy'), page.client.tcpSend('pipe-tcp', 'z')]);
    expect([one.size, two.size]).toEqual([2, 1]);
    expect(one.req).not.toBe(two.req);
    const fin = await page.client.tcpShutdown('pipe-tcp');
    expect(typeof fin.req).toBe('number');
    await page.client.closeSocket('pipe-tcp');
    await peer.close();
  });

  it('echoes the number in tcp.listening, relay.started and relay.configured', async () => {
    const listening = await page.client.tcpListen('pipe-listen', 0);
    expect(typeof listening.req).toBe('number');
    const relay = await page.client.relayStart('pipe-relay', 'udp', { host: '127.0.0.1', port: listening.local.port });
    expect(typeof relay.req).toBe('number');
    const [held, released] = await Promise.all([page.client.relayHold('pipe-relay', true), page.client.relayHold('pipe-relay', false)]);
    expect([held.held, released.held]).toEqual([true, false]);
    expect(reqsOf('relay.configured')).toEqual(expect.arrayContaining([held.req, released.req]));
    await page.client.closeSocket('pipe-relay');
    await page.client.closeSocket('pipe-listen');
  });
});
