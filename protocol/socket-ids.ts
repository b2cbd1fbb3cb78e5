// Socket ids, built and read in this module only (test/conventions/socket-ids.test.ts holds every
// other file to it). The page names its own sockets ("udp-client-1"); the bridge names the rest
// from them:
// - a lab server's socket is "lab:<server>" ("lab:udp-upper");
// - a connection accept() returned is "<welcoming>#<n>" ("lab:tcp-upper#3", "srv#1");
// - a relay's socket towards the server is "<relay>~<n>" ("path~1"; its client side is "path#1").
// The page numbers the sockets it opens from a prefix: "<prefix>-<n>" ("udp-client-3").

export const LAB_PREFIX = 'lab:';
const ACCEPTED = '#';
const UPSTREAM = '~';
/** Where an id's own part ends and what the bridge derived from it starts. */
const DERIVED = /[~#]/;
const SUFFIX = /^([#~])(\d+)$/;
const WHOLE_NUMBER = /^\d+$/;

/** The socket id of a lab server's events: "lab:udp-upper". */
export function labSocketId(server: string): string {
  return `${LAB_PREFIX}${server}`;
}

/** The n-th connection accepted on a welcoming socket (or a relay's n-th client side): "srv#3". */
export function acceptedId(welcoming: string, n: number): string {
  return `${welcoming}${ACCEPTED}${n}`;
}

/** A relay's n-th socket towards its server: "path~1". */
export function upstreamId(relay: string, n: number): string {
  return `${relay}${UPSTREAM}${n}`;
}

/** The n-th socket the page opens from a prefix: "udp-client-3". */
export function pageSocketId(prefix: string, n: number): string {
  return `${prefix}-${n}`;
}

/** Whether the lab (its servers, their connections) owns the socket, not the page. */
export function isLabSocket(id: string): boolean {
  return id.startsWith(LAB_PREFIX);
}

/** Whether the page opened the socket (or a relay of the page's did): not the lab's. */
export function isPageSocket(id: string): boolean {
  return !isLabSocket(id);
}

export function socketOwner(id: string): 'page' | 'lab' {
  return isLabSocket(id) ? 'lab' : 'page';
}

/** The socket an id derives from: "lab:tcp-upper#3" -> "lab:tcp-upper", "path~1" -> "path". */
export function baseSocketId(id: string): string {
  const at = id.search(DERIVED);
  return at < 0 ? id : id.slice(0, at);
}

/** Whether the id is a relay's socket towards its server ("path~1"). */
export function isUpstreamId(id: string): boolean {
  return parseSocketId(id).upstream !== undefined;
}

/** The number of an accepted connection or of a relay's upstream socket ("srv#3", "path~3": 3).
 * A TCP relay's two sockets for one client share it ("path#3" and "path~3"). */
export function connectionNumber(id: string): number | undefined {
  const parsed = parseSocketId(id);
  return parsed.accepted ?? parsed.upstream;
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
  const rest = SUFFIX.exec(id.slice(base.length));
  if (rest) parsed[rest[1] === ACCEPTED ? 'accepted' : 'upstream'] = Number(rest[2]);
  return parsed;
}

/** Whether `id` is the socket `name` names or one derived from it. `name` is a socket id ("srv":
 * also "srv#2", the connections it accepted, and "srv~1", a relay's sockets towards its server), a
 * lab server's name ("tcp-upper": "lab:tcp-upper" and its connections), or the prefix the page
 * numbers its sockets from ("udp-client": "udp-client-4" and what derives from it). */
export function belongsTo(id: string, name: string): boolean {
  if (id === name) return true;
  const { base, server } = parseSocketId(id);
  if (base === name || server === name) return true;
  return base.startsWith(`${name}-`) && WHOLE_NUMBER.test(base.slice(name.length + 1));
}
