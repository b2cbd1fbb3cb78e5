// What every echo connection does (lesson 5's persistent echo): loop recv() and send() the same
// bytes back until recv() returns b'' (the client's FIN), then close() in turn.
import type { LabConnection } from './connection.js';

export function echoLoop(conn: LabConnection): void {
  const socket = conn.socket;
  socket.on('data', (chunk: Buffer) => {
    // like a blocking send(): a client that sends but never reads stops the server reading it,
    // instead of making it buffer without bound
    if (!socket.write(chunk)) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  });
  socket.on('end', () => conn.close());
  socket.resume();
}
