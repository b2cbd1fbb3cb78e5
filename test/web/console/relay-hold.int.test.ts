// Lesson 9's TCP hold demo: while the relay between the console and the server holds the pieces,
// the TCP client console keeps waiting in recv() instead of giving up, so an instructor can step
// slowly and the pieces let go later still reach an open connection.
import { beforeAll, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import { ClientMode } from '../../../web/console/client-mode.js';
import { LabLink } from '../../../web/console/link.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';
import { englishT, RecordingIO } from './support.js';

let bridge: RunningBridge;
let client: LabClient;

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  client = await bridge.connect();
  onTeardown(() => client.close());
});

it('waits while the relay holds the pieces, then prints the reply once they are let go', async () => {
  const relay = await client.relayStart('tcp-path', 'tcp', { host: '127.0.0.1', port: bridge.servers['echo-tcp']! }, { settings: { segmentBytes: 4 } });
  // what the page's store knows: is the relay on this port holding?
  let held = false;
  let waiting = 0;
  client.onEvent((e) => {
    if (e.type === 'relay.configured' && e.sock === 'tcp-path') [held, waiting] = [e.held, e.waiting.length];
  });
  let n = 0;
  const link = new LabLink({
    ready: () => Promise.resolve(client),
    newSocketId: (prefix) => `${prefix}-${++n}`,
    servers: () => client.hello?.servers ?? [],
    holding: (port) => port === relay.listen.port && (held || waiting > 0),
  });
  const io = new RecordingIO(await englishT());
  // a short reply timeout: without the hold, silence would be declared after 100 ms
  const mode = new ClientMode(
    io,
    link,
    { proto: 'tcp', target: { host: '127.0.0.1', port: relay.listen.port }, bufsize: 2048, replyTimeoutMs: 100 },
    { onSocket: () => undefined, enterCommandMode: () => undefined },
  );
  await client.relayHold('tcp-path', true);
  const exchange = mode.run('hold me', new AbortController().signal);
  await io.waitFor('Pieces are held at the relay');
  await client.waitFor('relay.held', (e) => e.sock === 'tcp-path');
  expect(io.text()).not.toContain('nothing for');
  await client.relayHold('tcp-path', false);
  await exchange;
  expect(io.out().join('')).toBe('hold me');
  expect(io.text()).not.toContain('EPIPE');
  mode.dispose();
  link.dispose();
});
