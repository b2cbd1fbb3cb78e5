// The frames of the student the instructor watches, forwarded to the room's WebSocket. A projector
// that falls behind (its page busy, a slow Wi-Fi link) misses frames rather than growing the bridge's
// memory; it is told how many it missed (room.watchSkipped) as soon as it has caught up, so the
// room can say its flow is not the whole story.

/** What the forwarder needs of the room's WebSocket (ws's). */
export interface RoomSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(text: string, done?: (error?: Error) => void): void;
}

const OPEN = 1;

/** Frames the room may still queue, in bytes, before it skips them. */
export const WATCH_HIGH_WATER = 1024 * 1024;

/** A sink for `student`'s frames that forwards them to `ws`. */
export function forwardWatched(ws: RoomSocket, student: string, highWater = WATCH_HIGH_WATER): (frame: string) => void {
  const prefix = `{"type":"room.watched","student":${JSON.stringify(student)},"frame":`;
  let skipped = 0;
  // called when a frame has been written out: the queue may be short again
  const tellSkipped = () => {
    if (skipped === 0 || ws.readyState !== OPEN || ws.bufferedAmount >= highWater) return;
    ws.send(JSON.stringify({ type: 'room.watchSkipped', student, count: skipped }));
    skipped = 0;
  };
  return (frame) => {
    if (ws.bufferedAmount >= highWater) {
      skipped++;
      return;
    }
    tellSkipped();
    ws.send(`${prefix}${JSON.stringify(frame)}}`, tellSkipped);
  };
}
