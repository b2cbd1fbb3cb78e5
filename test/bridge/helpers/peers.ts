// Real peers on 127.0.0.1 for the page to talk to, and ways to look at the bridge from outside
// (its open files, its listening sockets), all with port 0 so nothing collides.
import { spawnSync } from 'node:child_process';
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';

export interface UdpPeer {
  socket: UdpSocket;
  port: number;
  received: { data: Buffer; from: RemoteInfo }[];
  close(): Promise<void>;
}

/** A UDP socket bound on 127.0.0.1 that records every datagram it gets. */
export async function udpPeer(port = 0): Promise<UdpPeer> {
  const socket = createSocket('udp4');
  const received: UdpPeer['received'] = [];
  socket.on('message', (data, from) => received.push({ data, from }));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve());
  });
  return {
    socket,
    port: socket.address().port,
    received,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

export interface TcpPeer {
  server: Server;
  port: number;
  connections: Socket[];
  /** Bytes received per accepted connection, in accept order. */
  data: Buffer[];
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that records what each connection sends; `onConnection` may act. */
export async function tcpPeer(onConnection: (socket: Socket, index: number) => void = () => {}, port = 0): Promise<TcpPeer> {
  const connections: Socket[] = [];
  const data: Buffer[] = [];
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const index = connections.push(socket) - 1;
    data[index] = Buffer.alloc(0);
    socket.on('data', (chunk) => (data[index] = Buffer.concat([data[index]!, chunk])));
    socket.on('error', () => {});
    onConnection(socket, index);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    server,
    port: (server.address() as { port: number }).port,
    connections,
    data,
    close: () =>
      new Promise((resolve) => {
        for (const c of connections) c.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that was free a moment ago (bind to 0, read, release). */
export async function freePort(kind: 'udp' | 'tcp' = 'tcp'): Promise<number> {
  const peer = kind === 'udp' ? await udpPeer() : await tcpPeer();
  await peer.close();
  return peer.port;
}

/** Whether something accepts a TCP connection on 127.0.0.1:port right now. */
export function tcpConnectable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** Whether a UDP port on 127.0.0.1 can be bound right now. */
export async function udpBindable(port: number): Promise<boolean> {
  try {
    const peer = await udpPeer(port);
    await peer.close();
    return true;
  } catch {
    return false;
  }
}

/** How many file descriptors the process holds. */
export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Socket inodes the process holds, from /proc/<pid>/fd. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed while we looked
    }
  }
  return inodes;
}

function hexAddress(hex: string): string {
  const [ip, port] = hex.split(':') as [string, string];
  if (ip.length === 8) {
    const bytes = ip
      .match(/../g)!
      .map((b) => parseInt(b, 16))
      .reverse();
    return `${bytes.join('.')}:${parseInt(port, 16)}`;
  }
  // IPv6: four little-endian 32-bit words
  const words = ip.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  const groups = words
    .join('')
    .match(/.{4}/g)!
    .map((g) => g.replace(/^0+(?=.)/, ''));
  return `[${groups.join(':')}]:${parseInt(port, 16)}`;
}

/** The local addresses of the process's listening TCP sockets and bound UDP sockets, read from
 * /proc/net (what `ss -ltn` and `ss -lun` show), e.g. "127.0.0.1:8400". */
export function boundAddresses(pid: number): { tcpListen: string[]; udp: string[] } {
  const inodes = socketInodes(pid);
  const read = (file: string, listenOnly: boolean) => {
    const found: string[] = [];
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      return found;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1]!, cols[3]!, cols[9]!];
      if (!inodes.has(inode)) continue;
      if (listenOnly && state !== '0A') continue;
      found.push(hexAddress(local));
    }
    return found;
  };
  return { tcpListen: [...read('tcp', true), ...read('tcp6', true)], udp: [...read('udp', false), ...read('udp6', false)] };
}

/** Python 3, if the machine has it; tests that need it skip with a visible reason otherwise. */
export const PYTHON = (() => {
  const run = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? 'python3' : undefined;
})();
