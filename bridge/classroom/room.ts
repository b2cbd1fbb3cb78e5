// The instructor's room: a WebSocket (loopback and the instructor's token only, see server.ts)
// that gets the roster and traffic whenever they change, the frames of the student being watched,
// and sends the instructor's commands.
import type { WebSocket } from 'ws';
import { RoomCommand } from '../../protocol/classroom.js';
import { assertNever } from '../../protocol/messages.js';
import type { Classroom } from './classroom.js';
import { wsText } from '../ws-text.js';
import { forwardWatched } from './watch-forward.js';

export function openRoom(classroom: Classroom, ws: WebSocket): void {
  let unwatch: (() => void) | undefined;
  const sendState = () => ws.send(JSON.stringify(classroom.state()));
  const stopListening = classroom.onChange(sendState);
  sendState();
  let bad = 0;
  ws.on('message', (data, isBinary) => {
    let parsed;
    try {
      parsed = isBinary ? undefined : RoomCommand.safeParse(JSON.parse(wsText(data)));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      if (++bad >= 20) ws.close(1008, 'too many malformed messages');
      return;
    }
    bad = 0;
    const command = parsed.data;
    switch (command.type) {
      case 'room.rotate':
        classroom.rotate();
        return sendState();
      case 'room.remove':
        classroom.remove(command.student);
        return sendState();
      case 'room.watch': {
        unwatch?.();
        unwatch = undefined;
        const student = command.student;
        if (student === null) return;
        unwatch = classroom.watch(student, forwardWatched(ws, student));
        return;
      }
      case 'room.relay':
        classroom.relayAll(command.action);
        return;
      default:
        return assertNever(command);
    }
  });
  ws.on('close', () => {
    unwatch?.();
    stopListening();
  });
  ws.on('error', () => ws.terminate());
}
