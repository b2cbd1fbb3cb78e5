// What the inspector shows for an arrow, apart from its words: the headers each layer would put
// in front of its payload, rebuilt by web/net/headers.ts.
import { encapsulate, type Header, type TcpFlags } from '../net/headers.js';
import { payloadBytes } from './payload.js';
import type { ArrowKind, ArrowRow } from './types.js';

/** The flags of each kind of segment as Linux sends it: data with PSH, FIN and RST with ACK. */
export function tcpFlagsOf(arrow: ArrowKind): TcpFlags {
  switch (arrow) {
    case 'syn':
      return { syn: true };
    case 'synAck':
      return { syn: true, ack: true };
    case 'ack':
      return { ack: true };
    case 'fin':
      return { fin: true, ack: true };
    case 'rst':
      return { rst: true, ack: true };
    case 'data':
    case 'datagram':
      return { ack: true, psh: true };
  }
}

/** IP header first, then UDP or TCP; undefined when an address is not known (a refused SYN's
 * source port, for example). */
export function rowHeaders(row: ArrowRow): Header[] | undefined {
  const { src, dst, wire } = row;
  if (!src || !dst || src.family !== dst.family) return undefined;
  const ip = wire ? { ttl: wire.ttl, identification: wire.identification, dontFragment: wire.dontFragment } : undefined;
  if (row.proto === 'udp') {
    return encapsulate({
      proto: 'udp',
      src: src.address,
      dst: dst.address,
      srcPort: src.port,
      dstPort: dst.port,
      payload: payloadBytes(row.data),
      length: row.size,
      ip,
    });
  }
  const tcp = wire?.tcp ?? { flags: tcpFlagsOf(row.arrow) };
  return encapsulate({ proto: 'tcp', src: src.address, dst: dst.address, srcPort: src.port, dstPort: dst.port, ...tcp, payloadLength: row.size, ip });
}
