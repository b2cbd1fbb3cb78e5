import type { RelaySettings } from '../../protocol/messages.js';
// The panels a lesson can place in its text. lesson.yaml defines each panel by id; the Markdown
// places it with a line `::: panel <id>`. The lesson schema (web/lessons/schema.ts) validates these.

import type { Target } from '../lab/targets.js';

export type { Target };

export interface ConsolePanelSpec {
  type: 'console';
  /** client: the textbook client loop; server: the page binds/listens and answers like the textbook
   * server; command: socket calls one at a time. */
  role: 'client' | 'server' | 'command';
  proto: 'udp' | 'tcp';
  target?: Target;
  /** For role server: the port to bind (0 = any). */
  port?: number;
  /** recvfrom(bufsize) for UDP clients and servers; default 2048. */
  bufsize?: number;
  /** TCP client only: keep one connection for many lines, an empty line closes it (lesson 5). */
  persistent?: boolean;
  /** TCP client only: lines are gathered until an empty line and sent together as one request, each
   * ending in \r\n, over a new connection (an HTTP request typed by hand, lesson 8). */
  multiline?: boolean;
  /** A short name the lesson's text uses for this console ("A", "B"), shown in its header. */
  label?: string;
}

export interface FlowPanelSpec {
  type: 'flow';
  /** Only draw these sockets' lifelines (ids, or lab server names); all when absent. */
  filter?: string[];
}

export interface SocketsPanelSpec {
  type: 'sockets';
}

export interface CodePanelSpec {
  type: 'code';
  /** A listing of the lesson (lessons/NN-slug/<file>), and which side's events light it. */
  listing: string;
  follows: 'page' | 'lab';
}

export interface ChecksPanelSpec {
  type: 'checks';
}

/** Lesson 6: seed 002's frame decoder run on what each recv() returned, on both ends of the page's
 * newest connection to a framed lab server, with send controls of its own. */
export interface FrameDecoderPanelSpec {
  type: 'frame-decoder';
  /** The framed lab server (default framed-echo). */
  server?: string;
}

/** Lesson 5: for each page connection to a lab server, when connect() returned, when the server
 * accept()ed it, when the first reply came, and when it closed. */
export interface AcceptTimelinePanelSpec {
  type: 'accept-timeline';
  server: string;
}

/** Lesson 1's IP header explorer: every field of the latest datagram (or segment) the page sent. */
export interface IpHeaderPanelSpec {
  type: 'ip-header';
  /** Only the page's UDP (or TCP) sends; all when absent. */
  proto?: 'udp' | 'tcp';
}

/** The same send as nested boxes: application bytes in a UDP/TCP header in an IP header in a link frame. */
export interface EncapsulationPanelSpec {
  type: 'encapsulation';
  proto?: 'udp' | 'tcp';
}

/** "Check my program": the lab runs a battery against the student's own server or client. */
export interface CheckProgramPanelSpec {
  type: 'check-program';
  battery: 'udp-server' | 'tcp-server' | 'echo-server' | 'pinger-server' | 'udp-client' | 'tcp-client' | 'pinger-client';
  /** The port the student's program uses; the lab's own servers keep 12000. Default 12100. */
  port?: number;
}

/** The relay between a client and a server, with its loss/delay controls and the hold. */
export interface RelayPanelSpec {
  type: 'relay';
  proto: 'udp' | 'tcp';
  target: Target;
  /** The port clients send to (0 or absent: the OS chooses; the panel shows it). */
  port?: number;
  settings?: Partial<RelaySettings>;
  /** The relay's socket id, so a pinger panel can send through it. */
  relay?: string;
}

/** Lesson 9's pinger client: ten pings with a timeout, the summary and a chart. */
export interface PingerPanelSpec {
  type: 'pinger';
  target: Target;
  /** Send through the relay with this socket id (started by a relay panel) instead. */
  relay?: string;
  count?: number;
  timeoutMs?: number;
}

/** Lesson 7: the page's player on the lab's game server (framed JSON): commands, arrow pad, frames. */
export interface GamePanelSpec {
  type: 'game';
  /** The lab's game server (default game). */
  server?: string;
}

/** Lesson 7: the map of everyone online, from the page's player's ["update"] replies. */
export interface GameMapPanelSpec {
  type: 'game-map';
  server?: string;
}

/** Lesson 8: an HTTP request built from a form, sent over a real TCP connection, the raw bytes both ways. */
export interface HttpFormPanelSpec {
  type: 'http-form';
  /** The lab's HTTP server (default http-api). */
  server?: string;
}

/** Lesson 8: the seed's deployment picture: load balancer, web servers, worker pool, database. */
export interface DeploymentPanelSpec {
  type: 'deployment';
}

export type PanelSpec =
  | CheckProgramPanelSpec
  | RelayPanelSpec
  | PingerPanelSpec
  | ConsolePanelSpec
  | FlowPanelSpec
  | SocketsPanelSpec
  | CodePanelSpec
  | ChecksPanelSpec
  | FrameDecoderPanelSpec
  | AcceptTimelinePanelSpec
  | IpHeaderPanelSpec
  | EncapsulationPanelSpec
  | GamePanelSpec
  | GameMapPanelSpec
  | HttpFormPanelSpec
  | DeploymentPanelSpec;
