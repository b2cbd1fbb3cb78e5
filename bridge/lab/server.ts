// What a lab server is: a small module with a name, a transport and a default port, started by
// the bridge and reporting its traffic through the hub. Each server lives in its own file and is
// registered in ./index.ts.
import type { LabServerName } from '../../protocol/lab-servers.js';
import type { EventBody } from '../../protocol/messages.js';

export interface LabContext {
  /** Where the lab's servers listen: always a loopback address. */
  host: string;
  emit(event: EventBody): void;
  /** Whether a connection comes from a page's socket (see hub.ts), rather than from another
   * program on this machine; absent, every connection counts as a page's. */
  fromPage?(remote: Peer, local: Peer): boolean;
}

export interface Peer {
  address: string;
  port: number;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export interface LabServerDef {
  name: LabServerName;
  proto: 'udp' | 'tcp';
  defaultPort: number;
  /** One line for --help and the status list. */
  summary: string;
  start(ctx: LabContext, port: number): Promise<RunningServer>;
}

/** The socket id a lab server's events carry: "lab:udp-upper", its connections "lab:tcp-upper#3". */
export { labSocketId } from '../../protocol/socket-ids.js';
