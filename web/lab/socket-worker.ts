// The socket worker: the page's WebSocket to the bridge lives here (SocketRelay), so a Python
// program's calls are answered without waiting for the page's main thread, which may be busy
// drawing. The programs' side is loaded only when a first program starts.
import { SocketRelay, type FromSocketWorker, type ToSocketWorker } from './socket-relay.js';

/** The worker's global scope (the DOM library's types describe a window, not a worker). */
const scope = self as unknown as {
  postMessage(message: FromSocketWorker): void;
  onmessage: ((ev: MessageEvent<ToSocketWorker>) => void) | null;
};

const relay = new SocketRelay(
  (message) => scope.postMessage(message),
  (url) => new WebSocket(url),
);

scope.onmessage = (ev) => {
  const message = ev.data;
  if (message.kind !== 'attach') return relay.receive(message);
  void import('../python/program-server.js').then(({ ProgramServer }) => new ProgramServer(relay, message.buffers, message.program, message.host));
};
scope.postMessage({ kind: 'started' });
