// The socket worker's side of one Python interpreter: its socket calls arrive here straight from
// the program's worker and are answered over the shared buffer, without the page's main thread.
// They go to the bridge on the page's own WebSocket (the same session: the same quotas and fences),
// on a client of their own whose request numbers are apart from the page's; the page still sees
// every frame (SocketRelay) and draws the program's sockets in the flow. What only the page knows
// (the editor's line, a bound port, the lab's hint in the page's language) goes over `host`.
import { LabClient, type WebSocketLike } from '../../protocol/client.js';
import { LabLink } from '../console/link.js';
import { CallAnswerer, sharedLine } from './answerer.js';
import type { ChannelBuffers, FromProgramServer, ToProgramServer } from './channel.js';
import { ProgramSockets } from './program-sockets.js';

/** The programs' requests are numbered from here; the page's own from 1. */
export const PROGRAM_FIRST_REQ = 2 ** 30;

export interface SocketSource {
  /** The page's connection once the bridge said hello. */
  ready(): Promise<WebSocketLike>;
}

/** The one programs' client of each connection, shared by every interpreter. */
const clients = new WeakMap<WebSocketLike, LabClient>();

function clientOf(socket: WebSocketLike): LabClient {
  let client = clients.get(socket);
  if (!client) {
    client = new LabClient(socket, { historyLimit: 0, firstReq: PROGRAM_FIRST_REQ });
    clients.set(socket, client);
  }
  return client;
}

/** The part of a MessagePort used here (the tests pass Node's). */
interface Port<In, Out> {
  onmessage: ((ev: MessageEvent<In>) => void) | null;
  postMessage(message: Out): void;
  close(): void;
}

export class ProgramServer {
  private readonly link: LabLink;
  private readonly sockets: ProgramSockets;
  private readonly answerer: CallAnswerer;
  private readonly hints = new Map<number, (text: string | undefined) => void>();
  private hintIds = 0;

  constructor(
    source: SocketSource,
    buffers: ChannelBuffers,
    private readonly program: Port<{ op: string; args: string }, never>,
    private readonly host: Port<ToProgramServer, FromProgramServer>,
  ) {
    this.link = new LabLink({ ready: async () => clientOf(await source.ready()), newSocketId: (prefix) => prefix, servers: () => [] });
    this.sockets = new ProgramSockets(this.link, {
      onCall: (op, line) => host.postMessage({ kind: 'call', op, line }),
      onBound: (proto, local) => host.postMessage({ kind: 'bound', proto, local: { address: local.address, port: local.port } }),
      hint: (code) => this.askHint(code),
      // input() is the page's (PAGE_CALLS): never asked here
      readLine: () => Promise.resolve(null),
    });
    this.answerer = new CallAnswerer(sharedLine(buffers), (op, args, signal) => this.sockets.handle(op, args, signal));
    program.onmessage = (ev) => void this.answerer.serve(ev.data.op, ev.data.args);
    host.onmessage = (ev) => this.receive(ev.data);
  }

  private askHint(code: string): Promise<string | undefined> {
    const id = ++this.hintIds;
    return new Promise((resolve) => {
      this.hints.set(id, resolve);
      this.host.postMessage({ kind: 'hint', id, code });
    });
  }

  private receive(message: ToProgramServer): void {
    switch (message.kind) {
      case 'stop':
        this.answerer.stop();
        return;
      case 'closeAll':
        void this.sockets.closeAll().then(() => this.host.postMessage({ kind: 'closed', id: message.id }));
        return;
      case 'hint':
        this.hints.get(message.id)?.(message.text);
        this.hints.delete(message.id);
        return;
      case 'detach':
        this.answerer.dispose();
        this.program.close();
        for (const resolve of this.hints.values()) resolve(undefined);
        void this.sockets.closeAll().then(() => {
          this.host.postMessage({ kind: 'closed', id: message.id });
          this.host.close();
          this.link.dispose();
        });
        return;
      default:
        message satisfies never;
    }
  }
}
