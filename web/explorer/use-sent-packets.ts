// The page's recent sends, recomputed when the trace changes, and which one a panel shows.
import { useMemo, useState } from 'react';
import { useLabState } from '../lab/react.js';
import { pickPacket, sentPackets, type SentPacket } from './sent-packets.js';

export interface PickedPacket {
  packets: SentPacket[];
  packet: SentPacket | undefined;
  /** The seq the student chose; undefined follows the newest send. */
  picked: number | undefined;
  pick(seq: number | undefined): void;
}

export function usePickedPacket(proto: 'udp' | 'tcp' | undefined): PickedPacket {
  const trace = useLabState((s) => s.trace);
  const packets = useMemo(() => sentPackets(trace, { proto }), [trace, proto]);
  const [picked, pick] = useState<number | undefined>(undefined);
  return { packets, packet: pickPacket(packets, picked), picked, pick };
}
