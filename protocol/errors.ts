// The error catalogue: every code the lab itself raises, with a one-line hint a student can act on.
// Operating-system codes (ECONNREFUSED, EADDRINUSE, ...) pass through unchanged: they are lesson
// material, so the page shows them as the OS named them, with the hints in OS_ERROR_HINTS.

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

/** Codes the page's own client raises (protocol/client.ts); the bridge never sends them. */
export const CLIENT_ERRORS = {
  LAB_CLOSED: 'The connection to the bridge closed. It reconnects by itself; try again in a moment.',
  LAB_TIMEOUT: 'The bridge did not answer in time. Is it still running?',
} as const;

export type ClientErrorCode = keyof typeof CLIENT_ERRORS;

/** The OS codes the lessons talk about, with what they mean for a student. */
export const OS_ERROR_HINTS = {
  ECONNREFUSED: 'Nobody is listening on that port: the other host answered the SYN with a reset.',
  ECONNRESET: 'The other side reset the connection (RST) instead of closing it normally.',
  ETIMEDOUT: 'No answer came in time.',
  EPIPE: 'You wrote to a connection the other side has already closed.',
  EADDRINUSE: 'Another socket is already bound to this port. Is another server running?',
  EACCES: 'The operating system does not allow this (ports below 1024 need special rights).',
  EMFILE: 'This process has too many open files (sockets are files too).',
  EADDRNOTAVAIL: 'This address does not belong to this machine.',
  EHOSTUNREACH: 'There is no route to that host.',
  ENETUNREACH: 'There is no route to that network.',
  EMSGSIZE: 'The datagram is too large to send in one piece.',
  ENOTFOUND: 'That host name could not be resolved.',
} as const satisfies Record<string, string>;

export type OsErrorCode = keyof typeof OS_ERROR_HINTS;

/** Every code a student can meet, with a hint in English here and in Korean in
 * web/i18n/locales/ko/console.json (`hints.<code>`); test/protocol/error-catalogue.test.ts holds both. */
export type ErrorCode = LabErrorCode | ClientErrorCode | OsErrorCode;

const ALL_HINTS: Record<ErrorCode, string> = { ...LAB_ERRORS, ...CLIENT_ERRORS, ...OS_ERROR_HINTS };

export const ERROR_CODES = Object.keys(ALL_HINTS) as ErrorCode[];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ALL_HINTS, code);
}

export function isLabErrorCode(code: string): code is LabErrorCode {
  return Object.hasOwn(LAB_ERRORS, code);
}

/** The hint for a code outside the catalogue (an OS code no lesson talks about). */
export const UNKNOWN_ERROR_HINT = 'The operating system reported this error.';

/** A one-line hint, in English, for any code the bridge or the client can report. */
export function errorHint(code: string): string {
  return isErrorCode(code) ? ALL_HINTS[code] : UNKNOWN_ERROR_HINT;
}
