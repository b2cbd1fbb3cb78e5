// The socket states the student sees, as two transition tables (one for TCP, one for UDP) that
// the bridge and the page both fold the same events with, so they never disagree. The TCP names
// are the textbook's (RFC 793, Kurose & Ross figures 3.41 and 3.42), with what a program can see:
// - FIN_WAIT is the textbook's FIN_WAIT_1 and FIN_WAIT_2 together: only the kernel sees the ACK
//   of our FIN that separates them;
// - TIME_WAIT is where the side that sent FIN first goes when the peer's FIN arrives; the lab lets
//   go of the socket then (socket.closed), the kernel keeps the connection for about a minute;
// - SYN_RCVD happens inside the kernel before accept(): a connection socket starts ESTABLISHED.
// A TCP socket socket() made and nothing else is CLOSED, as in the textbook's figures; a UDP
// socket is unbound until bind() (or its first sendto()) gives it a port.

export const TCP_STATES = ['CLOSED', 'LISTEN', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT'] as const;
export type TcpState = (typeof TCP_STATES)[number];

export const UDP_STATES = ['unbound', 'bound', 'closed'] as const;
export type UdpState = (typeof UDP_STATES)[number];

export type SocketState = TcpState | UdpState;
export const SOCKET_STATES: readonly SocketState[] = [...UDP_STATES, ...TCP_STATES];

/** The events (protocol/messages.ts) that move a TCP socket. `tcp.accepted` moves the connection
 * socket it names (`conn`), not the welcoming socket that reports it. */
export const TCP_EVENTS = [
  'tcp.connecting',
  'tcp.connected',
  'tcp.listening',
  'tcp.accepted',
  'tcp.finSent',
  'tcp.peerClosed',
  'tcp.reset',
  'socket.closed',
] as const;
export type TcpEvent = (typeof TCP_EVENTS)[number];

export const UDP_EVENTS = ['udp.bound', 'socket.closed'] as const;
export type UdpEvent = (typeof UDP_EVENTS)[number];

/** Where each event takes a TCP socket; an event missing from a state's row cannot happen there
 * and leaves the state as it is. */
const TCP_TABLE: Readonly<Record<TcpState, Partial<Record<TcpEvent, TcpState>>>> = {
  CLOSED: { 'tcp.connecting': 'SYN_SENT', 'tcp.listening': 'LISTEN', 'tcp.accepted': 'ESTABLISHED' },
  LISTEN: { 'socket.closed': 'CLOSED' },
  SYN_SENT: { 'tcp.connected': 'ESTABLISHED', 'tcp.reset': 'CLOSED', 'socket.closed': 'CLOSED' },
  ESTABLISHED: { 'tcp.finSent': 'FIN_WAIT', 'tcp.peerClosed': 'CLOSE_WAIT', 'tcp.reset': 'CLOSED', 'socket.closed': 'CLOSED' },
  FIN_WAIT: { 'tcp.peerClosed': 'TIME_WAIT', 'tcp.reset': 'CLOSED', 'socket.closed': 'CLOSED' },
  CLOSE_WAIT: { 'tcp.finSent': 'LAST_ACK', 'tcp.reset': 'CLOSED', 'socket.closed': 'CLOSED' },
  LAST_ACK: { 'tcp.reset': 'CLOSED', 'socket.closed': 'CLOSED' },
  TIME_WAIT: { 'socket.closed': 'CLOSED' },
};

const UDP_TABLE: Readonly<Record<UdpState, Partial<Record<UdpEvent, UdpState>>>> = {
  unbound: { 'udp.bound': 'bound', 'socket.closed': 'closed' },
  bound: { 'socket.closed': 'closed' },
  closed: {},
};

/** The state a TCP socket is in after `event`; the same state if the event cannot happen there. */
export function nextTcpState(state: TcpState, event: TcpEvent): TcpState {
  return TCP_TABLE[state][event] ?? state;
}

/** The state a UDP socket is in after `event`; the same state if the event cannot happen there. */
export function nextUdpState(state: UdpState, event: UdpEvent): UdpState {
  return UDP_TABLE[state][event] ?? state;
}

/** Whether `event` moves a TCP socket out of `state` (false: it cannot happen there). */
export function tcpEventFits(state: TcpState, event: TcpEvent): boolean {
  return TCP_TABLE[state][event] !== undefined;
}

export function isTcpEvent(type: string): type is TcpEvent {
  return (TCP_EVENTS as readonly string[]).includes(type);
}

export function isUdpEvent(type: string): type is UdpEvent {
  return (UDP_EVENTS as readonly string[]).includes(type);
}

export function isTcpState(state: SocketState): state is TcpState {
  return (TCP_STATES as readonly string[]).includes(state);
}

/** Either table, by the state's own name (the two tables share none): the state a socket is in
 * after an event of any type; events neither table knows leave it as it is. */
export function nextSocketState(state: SocketState, type: string): SocketState {
  if (isTcpState(state)) return isTcpEvent(type) ? nextTcpState(state, type) : state;
  return isUdpEvent(type) ? nextUdpState(state, type) : state;
}

/** States in which the bridge lets go of a connection on its own, both FINs having gone by
 * (socket.closed follows at once). A program still holds its socket there until its close():
 * recv() returns what is left, then b''. */
export function isFinishedState(state: SocketState): boolean {
  return state === 'LAST_ACK' || state === 'TIME_WAIT';
}

/** Whether a socket has ended: CLOSED after its connection (or listen) ended, or a closed UDP socket. */
export function isClosedState(state: SocketState): boolean {
  return state === 'CLOSED' || state === 'closed';
}

// ---- calls: which fit which state -------------------------------------------------------------

/** The socket calls of the lessons, in Python's words. */
export const TCP_CALLS = ['bind', 'connect', 'listen', 'accept', 'send', 'recv', 'shutdown', 'close'] as const;
export type TcpCall = (typeof TCP_CALLS)[number];

export const UDP_CALLS = ['bind', 'sendto', 'recvfrom', 'close'] as const;
export type UdpCall = (typeof UDP_CALLS)[number];

/** Why a call does not fit, one word per kind of answer Python would give; the bridge's message
 * (STATE_REFUSALS) and the console's words (console.json `cmd.<reason>`) are keyed by it. */
export type Refusal = 'notFresh' | 'notConnected' | 'notListening' | 'welcoming' | 'finSent' | 'notBound';

/** For each TCP call, the states it fits; in any other state it is refused for the reason given. */
const TCP_CALL_TABLE: Readonly<Record<TcpCall, { fits: readonly TcpState[]; otherwise: (state: TcpState) => Refusal }>> = {
  // a socket is bound, connected or made a welcoming socket once
  bind: { fits: ['CLOSED'], otherwise: () => 'notFresh' },
  connect: { fits: ['CLOSED'], otherwise: () => 'notFresh' },
  listen: { fits: ['CLOSED'], otherwise: () => 'notFresh' },
  accept: { fits: ['LISTEN'], otherwise: () => 'notListening' },
  // after this side's FIN no more data can go out; the peer's FIN leaves this direction open
  send: { fits: ['ESTABLISHED', 'CLOSE_WAIT'], otherwise: (s) => dataRefusal(s) },
  shutdown: { fits: ['ESTABLISHED', 'CLOSE_WAIT'], otherwise: (s) => dataRefusal(s) },
  // recv() after a FIN either way still answers: the data that came, then b''
  recv: { fits: ['ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT'], otherwise: (s) => dataRefusal(s) },
  close: { fits: TCP_STATES, otherwise: () => 'notConnected' },
};

function dataRefusal(state: TcpState): Refusal {
  if (state === 'LISTEN') return 'welcoming';
  if (state === 'FIN_WAIT' || state === 'LAST_ACK' || state === 'TIME_WAIT') return 'finSent';
  return 'notConnected';
}

const UDP_CALL_TABLE: Readonly<Record<UdpCall, readonly UdpState[]>> = {
  bind: ['unbound'],
  // Python binds an unbound socket at its first sendto(); the lab's console does that bind first
  sendto: ['bound'],
  recvfrom: ['bound'],
  close: UDP_STATES,
};

/** Undefined when `call` fits a TCP socket in `state`; otherwise why not. */
export function tcpRefusal(state: TcpState, call: TcpCall): Refusal | undefined {
  const row = TCP_CALL_TABLE[call];
  return row.fits.includes(state) ? undefined : row.otherwise(state);
}

/** Undefined when `call` fits a UDP socket in `state`; otherwise why not. */
export function udpRefusal(state: UdpState, call: UdpCall): Refusal | undefined {
  if (UDP_CALL_TABLE[call].includes(state)) return undefined;
  return call === 'bind' ? 'notFresh' : 'notBound';
}

/** Either table, by the state's name: why `call` does not fit, or undefined when it fits. A call
 * the socket's protocol does not have (sendto() on TCP) is the caller's to refuse. */
export function socketRefusal(state: SocketState, call: string): Refusal | undefined {
  if (isTcpState(state)) return (TCP_CALLS as readonly string[]).includes(call) ? tcpRefusal(state, call as TcpCall) : undefined;
  return (UDP_CALLS as readonly string[]).includes(call) ? udpRefusal(state, call as UdpCall) : undefined;
}

/** The bridge's words for a refusal (LAB_WRONG_STATE); the page shows its own, translated. */
export const STATE_REFUSALS: Readonly<Record<Refusal, (call: string, state: SocketState) => string>> = {
  notFresh: (call, state) => `${call}() needs a new socket, but this one is ${state} already: open another socket.`,
  notConnected: (call, state) => `${call}() needs a connected socket, and this one is ${state}: wait for tcp.connected.`,
  notListening: (call, state) => `${call}() works on a welcoming socket after listen(); this one is ${state}.`,
  welcoming: (call) => `${call}() does not fit a welcoming (listening) socket: it carries no data; use the connection socket accept() returned.`,
  finSent: (call, state) => `${call}() after this side's FIN (${state}): you already shut this socket down for writing, no more data can go out.`,
  notBound: (call, state) => `${call}() needs a bound socket, and this one is ${state}: wait for udp.bound.`,
};

/** The bridge's message for a TCP call refused in `state`, or undefined when it fits. */
export function tcpRefusalMessage(state: TcpState, call: TcpCall): string | undefined {
  const why = tcpRefusal(state, call);
  return why && STATE_REFUSALS[why](call, state);
}

/** The bridge's message for a UDP call refused in `state`, or undefined when it fits. */
export function udpRefusalMessage(state: UdpState, call: UdpCall): string | undefined {
  const why = udpRefusal(state, call);
  return why && STATE_REFUSALS[why](call, state);
}
