// TCP on the diagram: the handshake the operating system does for connect() and accept(), the
// bytes each send() put into the stream, what each recv() took out, FIN and RST. A stream carries
// bytes, not messages: one send can take two recv() calls and two sends can come out of one, so a
// send is drawn as one arrow and a recv() that does not match it exactly is drawn as its own mark.
import type { Address, EventOf } from '../../protocol/messages.js';
import { dirKey } from './addresses.js';
import type { FlowCore } from './core.js';
import type { ArrowRow, Lifeline } from './types.js';

/** One direction of one connection. */
interface Stream {
  /** Bytes sent and bytes read so far. */
  sent: number;
  read: number;
  /** Send arrows whose bytes are not all read yet, oldest first. */
  unread: ArrowRow[];
  fin?: ArrowRow;
}

interface Connecting {
  syn: ArrowRow;
  target: string;
  remote: Address;
}

export class TcpFlow {
  private readonly streams = new Map<string, Stream>();
  private readonly connecting = new Map<string, Connecting>();
  /** accept() marks waiting for the handshake to finish, by the connecting client's lifeline: the
   * kernel completes the handshake, and accept() takes the finished connection after that. */
  private readonly acceptAfter = new Map<string, () => void>();

  constructor(private readonly core: FlowCore) {}

  connectingTo(seq: number, e: EventOf<'tcp.connecting'>): void {
    const client = this.core.open(e.sock, 'tcp', { remote: e.remote, side: 'client' });
    const listener = this.core.listenerAt(e.remote);
    const target = listener ?? this.core.external(e.remote, 'receiver');
    const syn = this.core.addArrow({
      arrow: 'syn',
      proto: 'tcp',
      from: client.id,
      to: target.id,
      dst: e.remote,
      size: 0,
      status: 'pending',
      byOs: true,
      sentSeq: seq,
      t: e.t,
    });
    this.connecting.set(client.id, { syn, target: target.id, remote: e.remote });
  }

  connected(seq: number, e: EventOf<'tcp.connected'>): void {
    const client = this.core.get(e.sock, 'tcp');
    client.side ??= 'client';
    this.core.setConnection(client, e.local, e.remote);
    const pending = this.connecting.get(client.id);
    this.connecting.delete(client.id);
    let target: string;
    if (pending) {
      Object.assign(pending.syn, { status: 'delivered', src: e.local });
      this.core.touch(pending.syn);
      target = pending.target;
    } else {
      target = (this.core.listenerAt(e.remote) ?? this.core.external(e.remote, 'receiver')).id;
    }
    const common = { proto: 'tcp', size: 0, byOs: true, t: e.t } as const;
    this.core.addArrow({ ...common, arrow: 'synAck', from: target, to: client.id, src: e.remote, dst: e.local, status: 'delivered', recvSeq: seq });
    this.core.addArrow({ ...common, arrow: 'ack', from: client.id, to: target, src: e.local, dst: e.remote, status: 'delivered', sentSeq: seq });
    this.handshakeDone(client.id);
  }

  /** Draws the accept() that waited for this client's handshake. */
  private handshakeDone(clientLine: string): void {
    const draw = this.acceptAfter.get(clientLine);
    this.acceptAfter.delete(clientLine);
    draw?.();
  }

  accepted(seq: number, e: EventOf<'tcp.accepted'>): void {
    const welcoming = this.core.get(e.sock, 'welcoming');
    welcoming.side ??= 'server';
    welcoming.local ??= e.local;
    const conn = this.core.open(e.conn, 'tcp', { local: e.local, remote: e.remote, parent: welcoming.id, side: 'server' });
    this.core.setConnection(conn, e.local, e.remote);
    const mark = { mark: 'accepted', on: conn.id, from: welcoming.id, seq, local: e.local, remote: e.remote, t: e.t } as const;
    const waiting = this.clientConnectingTo(e.local);
    if (waiting && !this.core.connection(e.remote, e.local)) {
      // the lab saw the client's SYN but not yet its connect() return: accept() comes after that
      this.acceptAfter.set(waiting, () => this.core.addMark(mark));
      return;
    }
    if (!this.clientObserved(e.remote, e.local)) {
      // a program the lab cannot see connected: its handshake is drawn as accept() reports it
      const client = this.core.external(e.remote, 'sender');
      const common = { proto: 'tcp', size: 0, byOs: true, status: 'external', t: e.t } as const;
      this.core.addArrow({ ...common, arrow: 'syn', from: client.id, to: welcoming.id, src: e.remote, dst: e.local });
      this.core.addArrow({ ...common, arrow: 'synAck', from: welcoming.id, to: client.id, src: e.local, dst: e.remote });
      this.core.addArrow({ ...common, arrow: 'ack', from: client.id, to: welcoming.id, src: e.remote, dst: e.local });
    }
    this.core.addMark(mark);
  }

  /** The lifeline of a client still connecting to `server`, if any. */
  private clientConnectingTo(server: Address): string | undefined {
    for (const [line, c] of this.connecting) if (c.remote.port === server.port && c.remote.address === server.address) return line;
    return undefined;
  }

  /** Did a socket the lab sees connect from `client` to `server` (done, or still connecting)? */
  private clientObserved(client: Address, server: Address): boolean {
    if (this.core.connection(client, server)) return true;
    for (const c of this.connecting.values()) if (c.remote.port === server.port && c.remote.address === server.address) return true;
    return false;
  }

  /** Where bytes from `line` go: its peer's connection socket, the welcoming socket whose queue
   * holds a connection not accepted yet, or a program the lab cannot see. */
  private peerOf(line: Lifeline): Lifeline | undefined {
    if (!line.local || !line.remote) return undefined;
    return this.core.connection(line.remote, line.local) ?? this.core.listenerAt(line.remote) ?? this.core.external(line.remote, 'receiver');
  }

  private stream(from: Address, to: Address): Stream {
    const key = dirKey(from, to);
    let s = this.streams.get(key);
    if (!s) {
      s = { sent: 0, read: 0, unread: [] };
      this.streams.set(key, s);
    }
    return s;
  }

  /** Draws the bytes one send() put into the stream; returns the arrow. */
  sent(seq: number, e: EventOf<'tcp.sent'>): ArrowRow | undefined {
    const sender = this.core.get(e.sock, 'tcp');
    const peer = this.peerOf(sender);
    if (!peer || !sender.local || !sender.remote) return undefined;
    const s = this.stream(sender.local, sender.remote);
    const stream = { start: s.sent, end: s.sent + e.size };
    s.sent = stream.end;
    // bytes to a socket that has closed already are never read: its kernel answers with RST
    const status = peer.owner === 'external' ? 'external' : s.read >= stream.end ? 'delivered' : peer.closed && peer.kind === 'tcp' ? 'unread' : 'pending';
    const row = this.core.addArrow({
      arrow: 'data',
      proto: 'tcp',
      from: sender.id,
      to: peer.id,
      src: sender.local,
      dst: sender.remote,
      size: e.size,
      data: e.data,
      status,
      sentSeq: seq,
      stream,
      reads: 0,
      t: e.t,
    });
    if (status === 'pending') s.unread.push(row);
    return row;
  }

  received(seq: number, e: EventOf<'tcp.received'>): void {
    const receiver = this.core.get(e.sock, 'tcp');
    if (!receiver.local || !receiver.remote) return;
    const s = this.stream(receiver.remote, receiver.local);
    const stream = { start: s.read, end: s.read + e.size };
    s.read = stream.end;
    if (s.sent === 0 && !this.core.connection(receiver.remote, receiver.local)) {
      const outside = this.core.external(receiver.remote, 'sender');
      this.core.addArrow({
        arrow: 'data',
        proto: 'tcp',
        from: outside.id,
        to: receiver.id,
        src: receiver.remote,
        dst: receiver.local,
        size: e.size,
        data: e.data,
        status: 'external',
        recvSeq: seq,
        stream,
        reads: 1,
        t: e.t,
        tEnd: e.t,
      });
      return;
    }
    const first = s.unread[0];
    if (first && first.to === receiver.id && first.stream!.start === stream.start && first.stream!.end === stream.end) {
      // the common case: this recv() returned exactly what one send() sent
      s.unread.shift();
      Object.assign(first, { status: 'delivered', recvSeq: seq, tEnd: e.t, reads: 1 });
      return this.core.touch(first);
    }
    this.core.addMark({ mark: 'recv', on: receiver.id, seq, size: e.size, data: e.data, stream, t: e.t });
    for (const row of s.unread) {
      if (row.stream!.start >= stream.end) break;
      row.reads = (row.reads ?? 0) + 1;
      if (row.stream!.end <= stream.end) Object.assign(row, { status: 'delivered', recvSeq: seq, tEnd: e.t });
      this.core.touch(row);
    }
    while (s.unread[0]?.status === 'delivered') s.unread.shift();
  }

  finSent(seq: number, e: EventOf<'tcp.finSent'>): void {
    const sender = this.core.get(e.sock, 'tcp');
    const peer = this.peerOf(sender);
    if (!peer || !sender.local || !sender.remote) return;
    const s = this.stream(sender.local, sender.remote);
    if (s.fin) {
      // the peer reported it first; now the sending side has too
      Object.assign(s.fin, { from: sender.id, sentSeq: seq });
      return this.core.touch(s.fin);
    }
    // a peer that has closed already will not report it, but its kernel still takes the FIN
    const status = peer.owner === 'external' ? 'external' : peer.closed ? 'delivered' : 'pending';
    s.fin = this.core.addArrow({
      arrow: 'fin',
      proto: 'tcp',
      from: sender.id,
      to: peer.id,
      src: sender.local,
      dst: sender.remote,
      size: 0,
      status,
      sentSeq: seq,
      t: e.t,
    });
  }

  peerClosed(seq: number, e: EventOf<'tcp.peerClosed'>): void {
    const receiver = this.core.get(e.sock, 'tcp');
    if (!receiver.local || !receiver.remote) return;
    const s = this.stream(receiver.remote, receiver.local);
    if (s.fin) {
      Object.assign(s.fin, { status: 'delivered', recvSeq: seq, tEnd: e.t });
      this.core.touch(s.fin);
      // the FIN reached the welcoming socket's queue before accept(); this recv() read its b''
      if (s.fin.to !== receiver.id) this.core.addMark({ mark: 'recv', on: receiver.id, seq, size: 0, t: e.t });
      return;
    }
    const peer = this.core.connection(receiver.remote, receiver.local) ?? this.core.external(receiver.remote, 'sender');
    s.fin = this.core.addArrow({
      arrow: 'fin',
      proto: 'tcp',
      from: peer.id,
      to: receiver.id,
      src: receiver.remote,
      dst: receiver.local,
      size: 0,
      status: peer.owner === 'external' ? 'external' : 'delivered',
      recvSeq: seq,
      t: e.t,
      tEnd: e.t,
    });
  }

  /** The peer answered with RST: the connection is gone (ECONNRESET). */
  reset(seq: number, e: EventOf<'tcp.reset'>): void {
    const receiver = this.core.get(e.sock, 'tcp');
    const peer = this.peerOf(receiver);
    if (!peer) return;
    this.core.addArrow({
      arrow: 'rst',
      proto: 'tcp',
      from: peer.id,
      to: receiver.id,
      src: receiver.remote,
      dst: receiver.local,
      size: 0,
      status: 'delivered',
      code: e.code,
      recvSeq: seq,
      byOs: true,
      t: e.t,
    });
  }

  /** connect() failed: ECONNREFUSED is the SYN answered by RST; a timeout is the SYN lost. Returns
   * whether the error is drawn as arrows (so it needs no mark of its own). */
  connectFailed(seq: number, line: Lifeline, code: string, t: number): boolean {
    const pending = this.connecting.get(line.id);
    if (!pending) return false;
    this.connecting.delete(line.id);
    this.handshakeDone(line.id);
    if (code === 'ECONNREFUSED') {
      pending.syn.status = 'refused';
      this.core.touch(pending.syn);
      this.core.addArrow({
        arrow: 'rst',
        proto: 'tcp',
        from: pending.target,
        to: line.id,
        src: pending.remote,
        size: 0,
        status: 'delivered',
        code,
        recvSeq: seq,
        byOs: true,
        t,
      });
      return true;
    }
    pending.syn.status = 'lost';
    this.core.touch(pending.syn);
    return false;
  }

  /** A TCP socket closed: a connect still pending is abandoned, and bytes sent to it that no recv()
   * read never will be. */
  closed(line: Lifeline): void {
    this.handshakeDone(line.id);
    const pending = this.connecting.get(line.id);
    if (pending) {
      this.connecting.delete(line.id);
      if (pending.syn.status === 'pending') {
        pending.syn.status = 'lost';
        this.core.touch(pending.syn);
      }
    }
    if (!line.local || !line.remote) return;
    const s = this.streams.get(dirKey(line.remote, line.local));
    if (!s) return;
    for (const row of s.unread) {
      row.status = 'unread';
      this.core.touch(row);
    }
    s.unread = [];
  }

  /** Forgets the streams of a connection the model no longer draws. */
  forget(line: Lifeline): void {
    if (!line.local || !line.remote) return;
    this.streams.delete(dirKey(line.local, line.remote));
    this.streams.delete(dirKey(line.remote, line.local));
    this.connecting.delete(line.id);
    this.acceptAfter.delete(line.id);
  }
}
