// Which Python socket call each bridge event stands for. The flow's inspector names it, the code
// panel lights the listing line tagged with it, and the lessons use the same words.
import type { Event } from '../../protocol/messages.js';

export type SocketCall = 'socket' | 'bind' | 'sendto' | 'recvfrom' | 'connect' | 'send' | 'recv' | 'listen' | 'accept' | 'shutdown' | 'close';

/** The call an event reports, from the point of view of the socket named in the event. */
export function callOf(event: Event): SocketCall | undefined {
  switch (event.type) {
    case 'udp.bound':
      return 'bind';
    case 'udp.sent':
      return 'sendto';
    case 'udp.received':
      return 'recvfrom';
    case 'tcp.connecting':
    case 'tcp.connected':
      return 'connect';
    case 'tcp.listening':
      return 'listen';
    case 'tcp.accepted':
      return 'accept';
    case 'tcp.sent':
      return 'send';
    case 'tcp.received':
    case 'tcp.peerClosed':
      return 'recv';
    case 'tcp.finSent':
      return 'shutdown';
    case 'socket.closed':
      return 'close';
    case 'socket.error':
      return (event.call as SocketCall | undefined) ?? undefined;
    case 'hello':
    case 'udp.dropped':
    case 'tcp.reset':
    case 'relay.started':
    case 'relay.configured':
    case 'relay.arrived':
    case 'relay.held':
    case 'relay.released':
    case 'relay.dropped':
    case 'relay.overflowed':
    case 'session.slowed':
    case 'session.heldBack':
      return undefined;
  }
}
