// Lesson 5's persistent echo client console (EchoClient.py) on the real bridge: one connection for
// many lines, an empty line closes it, and against the iterative server a second client waits.
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import { ClientMode } from '../../../web/console/client-mode.js';
import { EchoClient } from '../../../web/console/echo-client.js';
import type { Translate } from '../../../web/console/io.js';
import type { LabLink } from '../../../web/console/link.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';
import { linkTo, RecordingIO } from '../console/support.js';

const json = (ns: string) => JSON.parse(readFileSync(new URL(`../../../web/i18n/locales/en/${ns}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
let t: Translate;
let bridge: RunningBridge;
let client: LabClient;
let link: LabLink;

const onTeardown = teardownStack();
beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { console: json('console'), framing: json('framing') } },
    defaultNS: 'console',
    interpolation: { escapeValue: false },
  });
  t = (key, vars) => i18n.t(key, vars ?? {});
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  client = await bridge.connect();
  onTeardown(() => client.close());
  link = linkTo(client);
  onTeardown(() => link.dispose());
});

const signal = () => new AbortController().signal;
function echoConsole(server: string) {
  const io = new RecordingIO(t);
  const sockets: (string | undefined)[] = [];
  const mode = new ClientMode(
    io,
    link,
    { proto: 'tcp', target: { server }, bufsize: 2048, persistent: true },
    { onSocket: (id) => sockets.push(id), enterCommandMode: () => {} },
  );
  return { io, mode, sockets };
}
const eventsOf = (sock: string | undefined, type: string) => client.history.filter((e) => e.type === type && 'sock' in e && e.sock === sock);

describe('the echo client console (persistent: true)', () => {
  it('sends every line on one connection and prints each echo', async () => {
    const { io, mode, sockets } = echoConsole('echo-tcp');
    expect(mode.prompt()).toBe('Input sentence: ');
    await mode.run('first line', signal());
    await mode.run('second line', signal());
    expect(io.out()).toEqual(['first line', 'second line']);
    expect(sockets).toHaveLength(1);
    expect(eventsOf(sockets[0], 'tcp.connected')).toHaveLength(1);
    expect(eventsOf(sockets[0], 'tcp.sent')).toHaveLength(2);
    mode.dispose();
  });

  it('closes the connection on an empty line and connects again on the next sentence', async () => {
    const { io, mode, sockets } = echoConsole('echo-tcp');
    await mode.run('one', signal());
    await mode.run('', signal());
    expect(io.text()).toContain('clientSocket.close() sends FIN');
    await client.waitFor('socket.closed', (e) => e.sock === sockets[0], 3000);
    await mode.run('two', signal());
    expect(io.out()).toEqual(['one', 'two']);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]).not.toBe(sockets[0]);
    mode.dispose();
  });

  it('against the iterative server, the second client gets its echo only when the first closes', async () => {
    const a = echoConsole('echo-iterative');
    const b = echoConsole('echo-iterative');
    await a.mode.run('from a', signal());
    expect(a.io.out()).toEqual(['from a']);
    let bDone = false;
    const bRun = b.mode.run('from b', signal()).then(() => (bDone = true));
    await new Promise((r) => setTimeout(r, 600));
    expect(bDone).toBe(false);
    expect(b.io.text()).toContain('waiting in recv(1024)');
    await a.mode.run('', signal());
    await bRun;
    expect(b.io.out()).toEqual(['from b']);
    b.mode.dispose();
    a.mode.dispose();
  });

  it('gives the prompt back when no echo comes in time, and shows a late echo with the next line', async () => {
    const a = echoConsole('echo-iterative');
    await a.mode.run('hold the server', signal());
    const io = new RecordingIO(t);
    const echo = new EchoClient(io, link, () => {}, 300);
    const port = bridge.servers['echo-iterative']!;
    await echo.exchange('early', '127.0.0.1', port, signal());
    expect(io.text()).toContain('No reply in 0.3 s');
    await a.mode.run('', signal());
    await new Promise((r) => setTimeout(r, 300));
    await echo.exchange('later', '127.0.0.1', port, signal());
    expect(io.text()).toContain('was still in the socket: early');
    expect(io.out()).toEqual(['later']);
    echo.dispose();
    a.mode.dispose();
  });
});
