// The error catalogue: every code a student can meet. The lab's own codes (LAB_*) with the English
// message the bridge sends by default; the codes the page's client raises itself; and the
// operating-system codes (ECONNREFUSED, EADDRINUSE, ...) the lessons teach, which pass through
// unchanged because they are lesson material. What the page shows for each code, in plain words
// and with what to do, is in web/i18n/locales/{en,ko}/errors.json (`codes.<CODE>`): one entry per
// code of this catalogue, held by test/protocol/error-catalogue.test.ts.

export const LAB_ERRORS = {
  LAB_BAD_JSON: 'The message was not valid JSON.',
  LAB_BAD_MESSAGE: 'The message does not match the protocol: a field is missing, extra or of the wrong type.',
  LAB_UNKNOWN_TYPE: 'The bridge does not know this request type.',
  LAB_DESTINATION_DENIED: 'The lab only reaches addresses on this machine (127.0.0.1, ::1) unless the bridge was started with a wider --allow.',
  LAB_BIND_DENIED: 'Sockets opened through the lab may only bind to a loopback address (127.0.0.1 or ::1) and a port of 1024 or above (or 0).',
  LAB_PORT_DENIED: 'Ports below 1024 and the ports browsers refuse are blocked unless the bridge was started with --allow-port.',
  LAB_NO_SUCH_SOCKET: 'There is no open socket with this id in your session.',
  LAB_SOCKET_EXISTS: 'A socket with this id is already open in your session; close it or choose another id.',
  LAB_WRONG_STATE: "This call does not fit the socket's state (for example send() on a listening socket).",
  LAB_QUOTA_SOCKETS: 'Too many open sockets: close one before opening another.',
  LAB_QUOTA_FILES: 'The sockets hold too many file descriptors (a relay holds one per client and per server connection): close some first.',
  LAB_QUOTA_PENDING: 'Too many connections are still being set up: wait for one to finish.',
  LAB_RATE_LIMITED: 'Too many messages too fast: the bridge paused you for a moment.',
  LAB_TOO_LARGE: 'The payload is larger than the lab allows in one message.',
  LAB_SEND_BLOCKED: 'The other side has not read for a while and its buffers are full: these bytes were not sent. Try again once it reads.',
  LAB_DROPPED: 'Datagrams arrived faster than the page could take them; the extra ones were dropped and counted.',
  LAB_NO_SUCH_PACKET: "No packet with this number is waiting in the relay's hold.",
  LAB_INTERNAL: 'The bridge hit an unexpected problem with this request; the session goes on.',
} as const;

export type LabErrorCode = keyof typeof LAB_ERRORS;

/** Codes the page raises itself (protocol/client.ts, web/panels/errors.ts); the bridge never sends them. */
export const CLIENT_ERROR_CODES = [
  'LAB_CLOSED', // the connection closed while a request waited
  'LAB_TIMEOUT', // no answer in time
  'LAB_CANCELLED', // the page stopped the work itself (an AbortError)
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** The OS codes the lessons talk about. */
export const OS_ERROR_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EADDRINUSE',
  'EACCES',
  'EMFILE',
  'EADDRNOTAVAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EMSGSIZE',
  'ENOTFOUND',
] as const;

export type OsErrorCode = (typeof OS_ERROR_CODES)[number];

/** Any error name the operating system reports through Node: the bridge passes them all on, so the
 * list stays open (the lessons name the ones in OS_ERROR_CODES). */
export type OsErrorName = `E${string}`;

/** What the `code` of a socket.error the bridge sends can be. */
export type ReportedCode = LabErrorCode | OsErrorName;

/** Every code a student can meet. */
export type ErrorCode = LabErrorCode | ClientErrorCode | OsErrorCode;

export const ERROR_CODES: readonly ErrorCode[] = [...(Object.keys(LAB_ERRORS) as LabErrorCode[]), ...CLIENT_ERROR_CODES, ...OS_ERROR_CODES];

const CATALOGUED: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(code: string): code is ErrorCode {
  return CATALOGUED.has(code);
}

export function isLabErrorCode(code: string): code is LabErrorCode {
  return Object.hasOwn(LAB_ERRORS, code);
}

export function isOsErrorName(code: string): code is OsErrorName {
  return /^E[A-Z0-9_]+$/.test(code);
}

/** The code of an error Node reported: its OS name, or LAB_INTERNAL when it has none. */
export function reportedCode(code: string | undefined): ReportedCode {
  return code !== undefined && isOsErrorName(code) ? code : 'LAB_INTERNAL';
}
