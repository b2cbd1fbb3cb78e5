// Encapsulation in numbers: each layer puts its header in front of what the layer above gave it,
// so the upper protocol's header + payload is the lower one's payload. Sizes in bytes.
//
// The link layer depends on the path. On loopback (127.0.0.0/8, ::1) nothing goes on a cable:
// Linux hands the packet back to itself through its `lo` device, which still puts a 14-byte
// Ethernet-shaped header with all-zero addresses in front (that is what a capture on `lo` shows),
// with no checksum trailer and no padding. On an Ethernet cable the frame has a 14-byte header,
// a 4-byte frame check sequence, and a payload of at least 46 bytes (shorter ones are padded).
import { encapsulate, type Header } from '../net/headers.js';
import type { SentPacket } from './sent-packets.js';

export type LayerId = 'app' | 'udp' | 'tcp' | 'ipv4' | 'ipv6' | 'link';

export interface LayerSize {
  layer: LayerId;
  header: number;
  /** The layer above's header + payload (for the application: its own bytes). */
  payload: number;
  /** Zero bytes added to reach the link's minimum payload. */
  padding: number;
  /** Bytes after the payload (Ethernet's frame check sequence). */
  trailer: number;
  total: number;
}

export const ETHERNET = { header: 14, fcs: 4, minPayload: 46, mtu: 1500 } as const;
/** Linux's loopback device: an Ethernet-shaped header of zeros, and a 64 KiB MTU. */
export const LOOPBACK = { header: 14, mtu: 65536 } as const;

export interface Encapsulation {
  proto: 'udp' | 'tcp';
  /** The packet stayed inside this computer (loopback), so no frame ever reached a cable. */
  loopback: boolean;
  /** Innermost first: application, transport, network, link (as on this packet's path). */
  layers: LayerSize[];
  /** IP header, then the transport header, as web/net/headers.ts rebuilds them. */
  headers: Header[];
  /** The frame the same packet would make on an Ethernet cable. */
  ethernet: LayerSize;
  /** The IP packet is larger than Ethernet's MTU: on a cable it would not fit one frame. */
  overEthernetMtu: boolean;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address) || /^::ffff:127\./i.test(address);
}

const layer = (id: LayerId, header: number, payload: number, padding = 0, trailer = 0): LayerSize => ({
  layer: id,
  header,
  payload,
  padding,
  trailer,
  total: header + payload + padding + trailer,
});

/** The packet as headers, and the size of each layer's unit. */
export function encapsulationOf(packet: SentPacket): Encapsulation {
  const { src, dst } = packet;
  const headers =
    packet.proto === 'udp'
      ? encapsulate({ proto: 'udp', src: src.address, dst: dst.address, srcPort: src.port, dstPort: dst.port, payload: packet.payload, length: packet.size })
      : encapsulate({
          proto: 'tcp',
          src: src.address,
          dst: dst.address,
          srcPort: src.port,
          dstPort: dst.port,
          flags: { ack: true, psh: true },
          payloadLength: packet.size,
        });
  const [ip, transport] = headers as [Header, Header];
  const app = layer('app', 0, packet.size);
  const segment = layer(transport.layer, transport.bytes.length, app.total);
  const network = layer(ip.layer, ip.bytes.length, segment.total);
  const loopback = isLoopback(dst.address);
  const ethernet = layer('link', ETHERNET.header, network.total, Math.max(0, ETHERNET.minPayload - network.total), ETHERNET.fcs);
  const link = loopback ? layer('link', LOOPBACK.header, network.total) : ethernet;
  return { proto: packet.proto, loopback, layers: [app, segment, network, link], headers, ethernet, overEthernetMtu: network.total > ETHERNET.mtu };
}
