// When the map asks the server for ["update"]. The server never speaks first (request/reply), so
// a client that wants to see others move has to ask. The map asks once a second, only while the
// student can see it, and stops after a while without a move of their own: a forgotten tab must
// not ask for ever.

export const POLL_MS = 1000;
/** Polls in a row without the student sending anything: ten minutes at one a second. */
export const MAX_IDLE_POLLS = 600;

export interface PollInput {
  loggedIn: boolean;
  /** The page is in front and the map is on screen. */
  visible: boolean;
  /** A request is on its way (a poll would only queue behind it). */
  busy: boolean;
  /** Polls since the student last sent a request. */
  idlePolls: number;
}

export type PollDecision = 'poll' | 'wait' | 'pause';

export function pollDecision({ loggedIn, visible, busy, idlePolls }: PollInput): PollDecision {
  if (!loggedIn || !visible || busy) return 'wait';
  if (idlePolls >= MAX_IDLE_POLLS) return 'pause';
  return 'poll';
}
