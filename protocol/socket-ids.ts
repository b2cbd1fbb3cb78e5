// Socket ids, built and read in one place. The page names its own sockets ("udp-client-1"); the
// bridge names the rest from them:
// - a lab server's socket is "lab:<server>" ("lab:udp-upper");
// - a connection accept() returned is "<welcoming>#<n>" ("lab:tcp-upper#3", "srv#1");
// - a relay's socket towards the server is "<relay>~<n>" ("path~1"; its client side is "path#1").

export const LAB_PREFIX = 'lab:';

/** The socket id of a lab server's events: "lab:udp-upper". */
export function labSocketId(server: string): string {
  return `${LAB_PREFIX}${server}`;
}

/** The n-th connection accepted on a welcoming socket (or a relay's n-th client side): "srv#3". */
export function acceptedId(welcoming: string, n: number): string {
  return `${welcoming}#${n}`;
}

/** A relay's n-th socket towards its server: "path~1". */
export function upstreamId(relay: string, n: number): string {
  return `${relay}~${n}`;
}

/** Whether the lab (its servers, their connections) owns the socket, not the page. */
export function isLabSocket(id: string): boolean {
  return id.startsWith(LAB_PREFIX);
}

export function socketOwner(id: string): 'page' | 'lab' {
  return isLabSocket(id) ? 'lab' : 'page';
}

/** The socket an id derives from: "lab:tcp-upper#3" -> "lab:tcp-upper", "path~1" -> "path". */
export function baseSocketId(id: string): string {
  return id.split(/[~#]/)[0]!;
}

export interface ParsedSocketId {
  owner: 'page' | 'lab';
  /** The socket the page or the lab opened: a welcoming socket, a relay, a lab server. */
  base: string;
  /** For a lab server's socket, the server's name. */
  server?: string;
  /** For an accepted connection (or a relay's client side), its number. */
  accepted?: number;
  /** For a relay's socket towards the server, its number. */
  upstream?: number;
}

export function parseSocketId(id: string): ParsedSocketId {
  const base = baseSocketId(id);
  const parsed: ParsedSocketId = { owner: socketOwner(id), base };
  if (isLabSocket(base)) parsed.server = base.slice(LAB_PREFIX.length);
  const rest = /^([#~])(\d+)$/.exec(id.slice(base.length));
  if (rest) parsed[rest[1] === '#' ? 'accepted' : 'upstream'] = Number(rest[2]);
  return parsed;
}
