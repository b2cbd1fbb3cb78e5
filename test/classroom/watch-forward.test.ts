// The watched student's frames on their way to the instructor's room (bridge/classroom/watch-forward.ts):
// forwarded while the room keeps up; skipped, not queued, while its socket holds more than the high
// water mark; and the count of what was skipped told once the room has caught up, before the next
// frame. A stand-in socket whose writes complete when the test says so.
import { describe, expect, it } from 'vitest';
import { RoomEvent } from '../../protocol/classroom.js';
import { forwardWatched, type RoomSocket } from '../../bridge/classroom/watch-forward.js';

/** A socket that queues what is sent until `drain()` writes it out, calling each frame's callback. */
function slowSocket() {
  const queued: { text: string; done?: () => void }[] = [];
  const sent: string[] = [];
  const socket: RoomSocket & { readyState: number } = {
    readyState: 1,
    get bufferedAmount() {
      return queued.reduce((n, q) => n + q.text.length, 0);
    },
    send(text, done) {
      queued.push({ text, done });
    },
  };
  const drain = () => {
    while (queued.length > 0) {
      const next = queued.shift()!;
      sent.push(next.text);
      next.done?.();
    }
  };
  return { socket, sent, drain, queued: () => queued.length, parsed: () => sent.map((text) => RoomEvent.parse(JSON.parse(text))) };
}

const frame = (n: number) => JSON.stringify({ type: 'udp.sent', n, pad: 'x'.repeat(100) });

describe("the watched student's frames", () => {
  it('are forwarded as they come while the room keeps up', () => {
    const { socket, drain, parsed } = slowSocket();
    const sink = forwardWatched(socket, 'ada', 1000);
    sink(frame(1));
    drain();
    sink(frame(2));
    drain();
    expect(parsed()).toEqual([
      { type: 'room.watched', student: 'ada', frame: frame(1) },
      { type: 'room.watched', student: 'ada', frame: frame(2) },
    ]);
  });

  it('are skipped while the room is behind, and the room is told how many once it caught up', () => {
    const { socket, drain, parsed } = slowSocket();
    const sink = forwardWatched(socket, 'ada', 1000);
    // about 160 bytes a frame: the seventh finds more than 1,000 bytes queued
    for (let n = 1; n <= 20; n++) sink(frame(n));
    expect(socket.bufferedAmount).toBeLessThan(1000 + 200);
    drain();
    sink(frame(21));
    drain();
    const events = parsed();
    const forwarded = events.filter((e) => e.type === 'room.watched');
    const told = events.filter((e) => e.type === 'room.watchSkipped');
    expect(told).toEqual([{ type: 'room.watchSkipped', student: 'ada', count: 20 - (forwarded.length - 1) }]);
    // the notice comes where the gap is: after the frames written before it, before frame 21
    const at = events.findIndex((e) => e.type === 'room.watchSkipped');
    expect(events.slice(at + 1)).toEqual([{ type: 'room.watched', student: 'ada', frame: frame(21) }]);
    expect(forwarded.length + told[0]!.count).toBe(21);
  });

  it('tell the count even when no frame follows: when the queue has been written out', () => {
    const { socket, drain, parsed } = slowSocket();
    const sink = forwardWatched(socket, 'ada', 1000);
    for (let n = 1; n <= 20; n++) sink(frame(n));
    drain(); // the last callback finds the queue empty and sends the notice
    drain();
    expect(parsed().at(-1)).toMatchObject({ type: 'room.watchSkipped', student: 'ada' });
  });

  it('send nothing more once the room has closed', () => {
    const { socket, drain, sent, queued } = slowSocket();
    const sink = forwardWatched(socket, 'ada', 1000);
    for (let n = 1; n <= 20; n++) sink(frame(n));
    socket.readyState = 3;
    const before = sent.length;
    const waiting = queued();
    drain();
    // only what was queued before the close goes out: no notice is added after it
    expect(sent.length - before).toBe(waiting);
    expect(sent.some((t) => t.includes('room.watchSkipped'))).toBe(false);
  });
});
