// A relay's settings: the impairments of the path plus how TCP's byte stream is cut into pieces.
import { NO_IMPAIRMENTS, type Impairments } from './impair.js';

export interface RelaySettings extends Impairments {
  /** TCP: the most bytes one piece (segment) carries; the stream is cut into pieces this size. */
  segmentBytes: number;
  /** TCP: how long a piece that the path "lost" waits before its retransmission arrives. */
  retransmitMs: number;
}

export const DEFAULT_RELAY_SETTINGS: RelaySettings = { ...NO_IMPAIRMENTS, segmentBytes: 65536, retransmitMs: 200 };

export function mergeSettings(base: RelaySettings, patch: Partial<RelaySettings> | undefined): RelaySettings {
  return { ...base, ...Object.fromEntries(Object.entries<unknown>(patch ?? {}).filter(([, v]) => v !== undefined)) };
}
