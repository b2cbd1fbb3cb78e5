// The game server of lesson 7, after seed 002's small MMORPG: TCP, seed-002 frames ("size
// payload"), and in each frame a JSON list instead of the seed's pickle, because unpickling
// bytes from the network runs code the sender chose; JSON.parse can only build plain data.
//
//   before login          ["ver"] -> ["1.0"]    ["login", name, pw] -> [true]    ["new", name, pw] -> [true]
//   after login           ["update"] -> [{"size": [10, 10], "players": [{name, pos, visual, say}...]}]
//                         ["move", [dx, dy]] -> [true]    ["get", name, attr] -> [value]
//                         ["set", yourName, "visual" | "say", value] -> [true]
//   any refusal           [{"error": "LOGIN_REQUIRED", "message": "log in first: ..."}]
//   flags, after result   "map": someone joined, moved, changed or left since your last update
//                         "client": the version you gave at login is not the server's
//
// Request/reply only, as in the seed: the server never speaks first, so a client that reads one
// reply per request never meets a message it did not ask for. Other players' moves reach you as
// the "map" flag on your next reply, and the positions on your next ["update"].
//
// Bad input: a bad frame or a payload that is not JSON drops the buffer and gets an error reply
// (seed 002's policy); MAX_FAILURES of them in a row and the server gives up on that connection.
// A well-formed request that is wrong (unknown command, bad arguments, wrong state) just gets its
// error reply. Either way every other player carries on.
import { encodeFrame, FRAME_MAX_SIZE, FrameDecoder } from '../../protocol/framing.js';
import type { LabConnection } from './connection.js';
import { serveConcurrently } from './concurrent.js';
import { GameSession, type Reply } from './game-session.js';
import { GameWorld } from './game-world.js';
import type { LabServerDef } from './server.js';

const NAME = 'game';
const MAX_FAILURES = 3;
const IDLE_MS = 10 * 60_000;
const MAX_CONNECTIONS = 64;

export const gameServer: LabServerDef = {
  name: NAME,
  proto: 'tcp',
  defaultPort: 12004,
  summary: 'game server: framed JSON requests (ver, login, new, update, move, get, set) on a 10x10 map',
  start(ctx, port) {
    const world = new GameWorld();
    return serveConcurrently(ctx, NAME, port, { backlog: 5, maxConnections: MAX_CONNECTIONS, idleMs: IDLE_MS }, (conn) => play(conn, new GameSession(world)));
  },
};

function play(conn: LabConnection, session: GameSession): void {
  const socket = conn.socket;
  const decoder = new FrameDecoder({ maxSize: FRAME_MAX_SIZE });
  let failures = 0;
  let done = false;

  const send = (reply: Reply) => socket.write(encodeFrame(JSON.stringify(reply)));
  const giveUp = (why: string) => {
    done = true;
    send(session.error('GIVING_UP', `${why}; closing the connection`));
    conn.close();
  };

  socket.on('data', (chunk: Buffer) => {
    for (const item of done ? [] : decoder.push(chunk)) {
      if (item.kind === 'error') {
        failures++;
        if (failures >= MAX_FAILURES) return giveUp(`${item.message}; ${failures} bad messages in a row`);
        send(session.error('BAD_FRAME', `${item.message}; the buffer was dropped (bad message ${failures} of ${MAX_FAILURES} in a row)`));
        continue;
      }
      const { reply, garbled } = session.handle(item.text ?? '');
      failures = garbled ? failures + 1 : 0;
      if (failures >= MAX_FAILURES) return giveUp(`the payload is not JSON; ${failures} bad messages in a row`);
      send(reply);
    }
  });
  socket.on('end', () => {
    if (done) return;
    done = true;
    const { buffered } = decoder.state;
    // a client that stops in the middle of a frame is told so, in case it still reads
    if (buffered.length > 0) send(session.error('BAD_FRAME', `the stream ended inside a frame (${buffered.length} bytes of it had come)`));
    conn.close();
  });
  void conn.closed.then(() => session.leave());
}
