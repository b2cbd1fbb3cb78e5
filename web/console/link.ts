// The consoles' way to the bridge: the live LabClient and an Inbox on it. When the page reconnects
// (the bridge restarted), the old session's sockets are gone; `epoch` changes so a program knows
// to forget the sockets it had.
import type { LabClient } from '../../protocol/client.js';
import type { LabServerStatus } from '../../protocol/messages.js';
import { Inbox } from './inbox.js';
import type { ChannelBuffers } from '../python/channel.js';
import type { ProgramPorts } from '../lab/socket-thread.js';

export interface LabAccess {
  /** Resolves with the connected client (waits while the bridge is away). */
  ready(): Promise<LabClient>;
  /** A socket id not used before in this page: "udp-client-3". */
  newSocketId(prefix: string): string;
  /** The lab's servers as the bridge last reported them. */
  servers(): readonly LabServerStatus[];
  /** Whether a relay of this page listening on `port` is holding pieces (lesson 9's hold): then a
   * reply that does not come is held, not missing, and a client keeps waiting. */
  holding?(port: number): boolean;
  /** The socket worker holding the page's WebSocket, which answers Python programs' socket calls
   * off the main thread (absent: the page answers them). */
  programs?: { attach(buffers: ChannelBuffers): ProgramPorts | undefined };
}

export interface Linked {
  client: LabClient;
  inbox: Inbox;
  /** Changes each time the connection to the bridge is new. */
  epoch: number;
}

export class LabLink {
  private current: Linked | undefined;
  private disposed = false;

  constructor(readonly lab: LabAccess) {}

  async get(): Promise<Linked> {
    const client = await this.lab.ready();
    if (this.disposed) throw new Error('console closed');
    if (this.current?.client !== client) {
      this.current?.inbox.dispose();
      this.current = { client, inbox: new Inbox(client), epoch: (this.current?.epoch ?? 0) + 1 };
    }
    return this.current;
  }

  /** The linked client now, without waiting (for closing sockets on the way out). */
  peek(): Linked | undefined {
    return this.current;
  }

  dispose(): void {
    this.disposed = true;
    this.current?.inbox.dispose();
    this.current = undefined;
  }
}
