import { afterEach, describe, expect, it } from 'vitest';
import { createFramedEcho } from '../../bridge/lab/framed-echo.js';
import { encodeFrame } from '../../protocol/framing.js';
import { expectValidEvents, runLab, sleep, TestClient, waitFor, type LabRun } from './support.js';

let lab: LabRun | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await lab?.close();
  lab = undefined;
});
async function start(): Promise<{ lab: LabRun; client: () => Promise<TestClient> }> {
  lab = await runLab(createFramedEcho({ trickleBytes: 2, tricklePauseMs: 20 }));
  const port = lab.port;
  return {
    lab,
    client: async () => {
      const c = await TestClient.connect(port);
      clients.push(c);
      return c;
    },
  };
}

describe('framed-echo', () => {
  it('answers a frame with a frame holding the payload in capitals', async () => {
    const { lab, client } = await start();
    const c = await client();
    c.sendFrame('hello 안녕');
    await c.waitFrames(1);
    expect(c.text).toBe(new TextDecoder().decode(encodeFrame('HELLO 안녕')));
    expectValidEvents(lab.events);
  });

  it('reassembles a frame that arrives in two reads, and answers two frames sent in one write', async () => {
    const { lab, client } = await start();
    const c = await client();
    c.send('11 hel');
    await waitFor(() => lab.of('tcp.received').length === 1, 'the first piece to be read');
    await sleep(20);
    expect(c.frames).toEqual([]);
    c.send('lo world');
    await c.waitFrames(1);
    c.send('3 one3 two');
    await c.waitFrames(3);
    expect(c.frameTexts).toEqual(['HELLO WORLD', 'ONE', 'TWO']);
  });

  it('answers a malformed frame with a framed error, then carries on, as does every other client', async () => {
    const { lab, client } = await start();
    const bad = await client();
    const other = await client();
    bad.send('abc hello');
    await bad.waitFrames(1);
    expect(bad.frameTexts[0]).toMatch(/^error: FRAME_BAD_SIZE: the size must be ASCII digits.*dropped.*1 of 3/);
    bad.sendFrame('fine');
    other.sendFrame('me too');
    await bad.waitFrames(2);
    await other.waitFrames(1);
    expect(bad.frameTexts[1]).toBe('FINE');
    expect(other.frameTexts).toEqual(['ME TOO']);
    expectValidEvents(lab.events);
  });

  it('explains an absurd size and a payload that is not UTF-8', async () => {
    const { client } = await start();
    const c = await client();
    c.send('99999 x');
    await c.waitFrames(1);
    c.send(Buffer.from([0x32, 0x20, 0xff, 0xfe]));
    await c.waitFrames(2);
    expect(c.frameTexts[0]).toMatch(/^error: FRAME_TOO_LARGE: the size 9999… is larger than the limit of 4096 bytes/); // said at the 4th digit
    expect(c.frameTexts[1]).toMatch(/^error: FRAME_BAD_UTF8: .*2 of 3/);
  });

  it('gives up after three bad frames in a row and closes the connection', async () => {
    const { lab, client } = await start();
    const c = await client();
    for (let i = 1; i <= 3; i++) {
      c.send(`x${i} `);
      await c.waitFrames(i);
    }
    await waitFor(() => c.peerClosed, 'the server to close');
    expect(c.frameTexts[2]).toMatch(/^error: .*3 bad frames in a row; closing the connection$/);
    await waitFor(() => lab.of('socket.closed').length === 1, 'socket.closed');
    expect(lab.of('socket.closed')[0]).toEqual({ type: 'socket.closed', sock: 'lab:framed-echo#1', reason: 'local' });
  });

  it('tells a client that stops in the middle of a frame, and keeps serving the others', async () => {
    const { lab, client } = await start();
    const quitter = await client();
    const other = await client();
    quitter.send('10 abc');
    await waitFor(() => lab.of('tcp.received').length === 1, 'the partial frame to be read');
    quitter.finish();
    await quitter.waitFrames(1);
    expect(quitter.frameTexts[0]).toMatch(/^error: the stream ended inside a frame \(6 bytes/);
    await waitFor(() => quitter.peerClosed, 'the server to close');

    const vanisher = await client();
    vanisher.send('10 abc');
    await waitFor(() => lab.of('tcp.received').length === 2, 'the second partial frame');
    vanisher.destroy();
    await waitFor(() => lab.of('socket.closed').length === 2, 'both broken connections to close');

    other.sendFrame('still fine');
    await other.waitFrames(1);
    expect(other.frameTexts).toEqual(['STILL FINE']);
  });

  it('trickles its reply in small writes, each seen as its own recv(), which still decode to one frame', async () => {
    const { lab, client } = await start();
    const c = await client();
    c.sendFrame('trickle slow reply');
    await c.waitFrames(1);
    expect(c.frameTexts).toEqual(['SLOW REPLY']);
    expect(c.chunks.length).toBeGreaterThan(3);
    const sent = lab.of('tcp.sent');
    expect(sent.length).toBe(Math.ceil(encodeFrame('SLOW REPLY').length / 2));
    expect(sent.every((e) => e.size <= 2)).toBe(true);
    // a frame sent meanwhile is answered after the trickle, never in the middle of it
    c.sendFrame('trickle ab');
    c.sendFrame('next');
    await c.waitFrames(3);
    expect(c.frameTexts).toEqual(['SLOW REPLY', 'AB', 'NEXT']);
    expectValidEvents(lab.events);
  });
});
