import { describe, expect, it } from 'vitest';
import type { Event } from '../../../protocol/messages.js';
import { chunksOf, newestConnection } from '../../../web/framing/follow.js';
import { closed, tcpAccepted, tcpConnected, tcpReceived, trace } from '../lessons/events.js';

const FRAMED = { port: 12003, sock: 'lab:framed-echo' };
const L = 'lab:framed-echo';

describe('which connection the frame decoder follows', () => {
  it("is the page's newest connection to the server, with the server's socket for it matched by port", () => {
    const events: Event[] = [
      tcpAccepted(1, L, `${L}#1`, 12003, 40001),
      tcpConnected(2, 'old', 40001, 12003),
      tcpAccepted(3, L, `${L}#2`, 12003, 40002),
      tcpConnected(4, 'new', 40002, 12003),
      tcpConnected(5, 'elsewhere', 40003, 12002),
      closed(6, `${L}#1`),
    ];
    expect(newestConnection(trace(...events), FRAMED)).toMatchObject({
      page: 'new',
      lab: `${L}#2`,
      localPort: 40002,
      since: 4,
      pageClosed: false,
      labClosed: false,
    });
  });
  it('says when the server has closed its end and when the page closed', () => {
    const events: Event[] = [
      tcpConnected(1, 'p', 40001, 12003),
      tcpAccepted(2, L, `${L}#1`, 12003, 40001),
      { type: 'tcp.peerClosed', t: 3, sock: 'p' },
      closed(4, `${L}#1`),
    ];
    expect(newestConnection(trace(...events), FRAMED)).toMatchObject({ peerClosed: true, pageClosed: false, labClosed: true });
    expect(newestConnection(trace(...events, closed(5, 'p')), FRAMED)).toMatchObject({ pageClosed: true });
  });
  it("follows only the panel's own socket when told, not a command console's newer connection", () => {
    const events: Event[] = [
      tcpConnected(1, 'framed-client-3', 40001, 12003),
      tcpAccepted(2, L, `${L}#1`, 12003, 40001),
      tcpConnected(3, 'tcp-24', 40002, 12003),
      tcpAccepted(4, L, `${L}#2`, 12003, 40002),
      closed(5, 'tcp-24'),
    ];
    expect(newestConnection(trace(...events), FRAMED, 'framed-client-3')).toMatchObject({ page: 'framed-client-3', lab: `${L}#1`, pageClosed: false });
    expect(newestConnection(trace(...events), FRAMED)).toMatchObject({ page: 'tcp-24', pageClosed: true });
  });
  it('is none before the page connects', () => {
    expect(newestConnection(trace(tcpAccepted(1, L, `${L}#1`, 12003, 40001)), FRAMED)).toBeUndefined();
  });
  it("takes one socket's chunks, in order, from a given point", () => {
    const t = trace(tcpReceived(1, 'p', 'ab'), tcpReceived(2, 'q', 'zz'), tcpReceived(3, 'p', 'cd'));
    expect(chunksOf(t, 'p').map((c) => new TextDecoder().decode(c.bytes))).toEqual(['ab', 'cd']);
    expect(chunksOf(t, 'p', 2).map((c) => c.seq)).toEqual([3]);
  });
});
