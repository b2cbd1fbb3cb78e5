// Numbers both sides agree on. The bridge enforces them; the page uses them to explain a refusal.
import { RECVFROM_BUFSIZE } from './textbook.js';

/** Largest payload one request or event may carry, in bytes (before base64). A lesson's longest
 * experiment is a 3,000-byte sentence; 8 KiB leaves room for hex and framing lessons. */
export const MAX_DATA_BYTES = 8192;

/** Largest payload one event may carry: one kernel read or one whole UDP datagram. */
export const MAX_EVENT_DATA_BYTES = 65536;

/** Largest WebSocket frame the bridge accepts: the base64 of MAX_DATA_BYTES plus the envelope. */
export const MAX_FRAME_BYTES = 16 * 1024;

/** recvfrom(2048), as in the textbook's UDP programs. */
export const DEFAULT_UDP_BUFSIZE = RECVFROM_BUFSIZE;

/** Client-chosen socket ids: short, printable, and never containing ':' or '#', which the bridge
 * uses for the lab's own sockets ("lab:udp-upper") and accepted connections ("srv#2"). */
export const SOCKET_ID_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;

export const PROTOCOL_VERSION = 1;
