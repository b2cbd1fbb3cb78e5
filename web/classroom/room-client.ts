// The instructor's room connection: the roster and traffic as they change, the watched student's
// frames, and the commands. Reconnects by itself while the room is open.
import { RoomEvent, type RoomCommand, type RoomState } from '../../protocol/classroom.js';

export type RoomStatus = 'connecting' | 'open' | 'unauthorized' | 'down';

export interface RoomHandlers {
  status(status: RoomStatus): void;
  state(state: RoomState): void;
  watched(student: string, frame: string): void;
  /** The room fell behind and missed `count` of the watched student's frames. */
  skipped(student: string, count: number): void;
}

export class RoomClient {
  private ws: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private opened = false;

  constructor(
    private readonly token: string,
    private readonly on: RoomHandlers,
  ) {
    this.connect();
  }

  private connect(): void {
    this.opened = false;
    this.on.status('connecting');
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/room?token=${encodeURIComponent(this.token)}`);
    this.ws = ws;
    ws.onopen = () => {
      this.opened = true;
      this.on.status('open');
    };
    ws.onmessage = (m) => {
      let parsed;
      try {
        parsed = RoomEvent.safeParse(JSON.parse(String(m.data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const event = parsed.data;
      if (event.type === 'room.state') this.on.state(event);
      else if (event.type === 'room.watched') this.on.watched(event.student, event.frame);
      else this.on.skipped(event.student, event.count);
    };
    ws.onclose = () => {
      if (this.disposed) return;
      // refused before opening: the token is not this launch's (or this is not the instructor's machine)
      this.on.status(this.opened ? 'down' : 'unauthorized');
      this.timer = setTimeout(() => this.connect(), this.opened ? 1000 : 5000);
    };
  }

  send(command: RoomCommand): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(command));
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.ws?.close();
  }
}
