// The page's recent sends, folded from the trace as they come, and which one a panel shows.
import { useMemo, useState } from 'react';
import { useTraceFold } from '../lab/react.js';
import { packetsOf, pickPacket, sentFold, type SentPacket } from './sent-packets.js';

const NO_PACKETS: SentPacket[] = [];

export interface PickedPacket {
  packets: SentPacket[];
  packet: SentPacket | undefined;
  /** The seq the student chose; undefined follows the newest send. */
  picked: number | undefined;
  pick(seq: number | undefined): void;
}

export function usePickedPacket(proto: 'udp' | 'tcp' | undefined): PickedPacket {
  const fold = useMemo(() => sentFold({ proto }), [proto]);
  // each send is read once, as it comes; the packets are decoded again only when one was added
  const packets = useTraceFold(fold, packetsOf) ?? NO_PACKETS;
  const [picked, pick] = useState<number | undefined>(undefined);
  return { packets, packet: pickPacket(packets, picked), picked, pick };
}
