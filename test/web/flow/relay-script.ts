// Hand-made relay sequences for the flow model's tests, in the order bridge/relay/*.ts emits them:
// the relay reports what it took in (udp.received, tcp.received), then its fate (relay.arrived),
// and passes it on later with an ordinary send on its other side.
import type { EventBody, RelaySettings } from '../../../protocol/messages.js';
import { A, b64, LAB_TCP, LAB_UDP, Script } from './script.js';

export const SETTINGS: RelaySettings = {
  loss: 0,
  delayMs: 0,
  jitterMs: 0,
  duplicate: 0,
  reorder: 0,
  reorderMs: 50,
  seed: 1,
  segmentBytes: 4,
  retransmitMs: 300,
};

export const SERVER = A(12000);
export const TCP_SERVER = A(12001);
export const RELAY = A(47000);

type Dir = 'toServer' | 'toClient';
type Fate = { copies?: number[]; lost?: boolean; delays?: number[]; reordered?: boolean; retransmission?: boolean };

export function arrived(sock: string, dir: Dir, text: string, fate: Fate): EventBody {
  const copies = fate.copies ?? [];
  return {
    type: 'relay.arrived',
    sock,
    dir,
    copies,
    size: Buffer.byteLength(text),
    data: b64(text),
    lost: fate.lost ?? copies.length === 0,
    delays: fate.delays ?? copies.map(() => 0),
    reordered: fate.reordered ?? false,
    retransmission: fate.retransmission ?? false,
  };
}

/** A UDP relay "r" on 47000 in front of the lab's udp-upper, and client sockets that use it. */
export class UdpRelayScript extends Script {
  /** Upstream socket and its address, per client port (the relay opens one per client). */
  private readonly paths = new Map<number, { sock: string; port: number }>();

  constructor(settings: Partial<RelaySettings> = {}) {
    super();
    this.hello().add(
      { type: 'udp.bound', sock: 'r', local: RELAY, bufsize: 65535 },
      { type: 'relay.started', sock: 'r', proto: 'udp', listen: RELAY, target: SERVER, settings: { ...SETTINGS, ...settings }, held: false },
    );
  }

  client(sock: string, port: number): this {
    return this.add({ type: 'udp.bound', sock, local: A(port), bufsize: 2048 });
  }

  /** The client's datagram reaches the relay, which decides its fate. */
  ping(sock: string, port: number, text: string, fate: Fate): this {
    const me = A(port);
    const size = Buffer.byteLength(text);
    this.add(
      { type: 'udp.sent', sock, from: me, to: RELAY, size, data: b64(text) },
      { type: 'udp.received', sock: 'r', from: me, to: RELAY, size, data: b64(text), truncated: false },
      arrived('r', 'toServer', text, fate),
    );
    if (!this.paths.has(port)) {
      const path = { sock: `r~${this.paths.size + 1}`, port: 47001 + this.paths.size };
      this.paths.set(port, path);
      this.add({ type: 'udp.bound', sock: path.sock, local: A(path.port), bufsize: 65535 });
    }
    return this;
  }

  /** The relay passes a datagram on to the server, which receives it. */
  forward(port: number, text: string): this {
    const path = this.paths.get(port)!;
    const size = Buffer.byteLength(text);
    return this.add(
      { type: 'udp.sent', sock: path.sock, from: A(path.port), to: SERVER, size, data: b64(text) },
      { type: 'udp.received', sock: LAB_UDP, from: A(path.port), to: SERVER, size, data: b64(text), truncated: false },
    );
  }

  /** The server replies; the reply reaches the relay's upstream socket and meets its fate. */
  reply(port: number, text: string, fate: Fate): this {
    const path = this.paths.get(port)!;
    const size = Buffer.byteLength(text);
    return this.add(
      { type: 'udp.sent', sock: LAB_UDP, from: SERVER, to: A(path.port), size, data: b64(text) },
      { type: 'udp.received', sock: path.sock, from: SERVER, to: A(path.port), size, data: b64(text), truncated: false },
      arrived('r', 'toClient', text, fate),
    );
  }

  /** The relay passes the reply back to the client, which receives it. */
  back(sock: string, port: number, text: string): this {
    const me = A(port);
    const size = Buffer.byteLength(text);
    return this.add(
      { type: 'udp.sent', sock: 'r', from: RELAY, to: me, size, data: b64(text) },
      { type: 'udp.received', sock, from: RELAY, to: me, size, data: b64(text), truncated: false },
    );
  }

  /** A whole round trip nothing happens to: packet numbers `n` (ping) and `n + 1` (reply). */
  roundTrip(sock: string, port: number, text: string, n: number): this {
    return this.ping(sock, port, text, { copies: [n] })
      .forward(port, text)
      .reply(port, text.toUpperCase(), { copies: [n + 1] })
      .back(sock, port, text.toUpperCase());
  }
}

/** A TCP relay "r" on 47100 in front of the lab's tcp-upper, with client "c" connected through it
 * (connection 1: "r#1" faces the client, "r~1" the server). */
export class TcpRelayScript extends Script {
  readonly me = A(50000);
  readonly front = A(47100);
  readonly up = A(47101);

  constructor(settings: Partial<RelaySettings> = {}) {
    super();
    this.hello(12000, TCP_SERVER.port).add(
      { type: 'tcp.listening', sock: 'r', local: this.front, backlog: 16 },
      { type: 'relay.started', sock: 'r', proto: 'tcp', listen: this.front, target: TCP_SERVER, settings: { ...SETTINGS, ...settings }, held: false },
      { type: 'tcp.connecting', sock: 'c', remote: this.front },
      { type: 'tcp.accepted', sock: 'r', conn: 'r#1', local: this.front, remote: this.me },
      { type: 'tcp.connecting', sock: 'r~1', remote: TCP_SERVER },
      { type: 'tcp.connected', sock: 'c', local: this.me, remote: this.front },
      { type: 'tcp.accepted', sock: LAB_TCP, conn: `${LAB_TCP}#1`, local: TCP_SERVER, remote: this.up },
      { type: 'tcp.connected', sock: 'r~1', local: this.up, remote: TCP_SERVER },
    );
  }

  /** The client sends `text`; the relay reads it and cuts it into pieces with these fates. */
  send(text: string, fates: Fate[]): this {
    const size = Buffer.byteLength(text);
    this.add({ type: 'tcp.sent', sock: 'c', size, data: b64(text) }, { type: 'tcp.received', sock: 'r#1', size, data: b64(text) });
    fates.forEach((fate, i) => this.add(arrived('r', 'toServer', text.slice(i * 4, i * 4 + 4), fate)));
    return this;
  }

  /** The relay writes a piece to the server, which reads it. */
  deliver(piece: string): this {
    const size = Buffer.byteLength(piece);
    return this.add({ type: 'tcp.sent', sock: 'r~1', size, data: b64(piece) }, { type: 'tcp.received', sock: `${LAB_TCP}#1`, size, data: b64(piece) });
  }
}
