import { connect as tcpConnect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import type { LabLink } from '../../../web/console/link.js';
import { READY_LINE, ServerMode } from '../../../web/console/server-mode.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';
import { englishT, linkTo, python, RecordingIO } from './support.js';

// The textbook's clients, with the port from the command line instead of line 4.
const UDP_CLIENT = `
import sys
from socket import *
serverName = '127.0.0.1'
serverPort = int(sys.argv[1])
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(5)
message = sys.argv[2]
clientSocket.sendto(message.encode(), (serverName, serverPort))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(modifiedMessage.decode())
clientSocket.close()
`;
const TCP_CLIENT = `
import sys
from socket import *
serverName = '127.0.0.1'
serverPort = int(sys.argv[1])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.settimeout(5)
clientSocket.connect((serverName, serverPort))
clientSocket.send(sys.argv[2].encode())
modifiedSentence = clientSocket.recv(1024)
print('From Server:', modifiedSentence.decode())
clientSocket.close()
`;

let bridge: RunningBridge;
let client: LabClient;
let link: LabLink;

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  client = await bridge.connect();
  onTeardown(() => client.close());
  link = linkTo(client);
  onTeardown(() => link.dispose());
});

async function startServer(proto: 'udp' | 'tcp') {
  const io = new RecordingIO(await englishT());
  let sock: string | undefined;
  const mode = new ServerMode(io, link, { proto, port: 0, bufsize: 2048 }, { onSocket: (id) => (sock = id) });
  mode.start();
  await io.waitFor(READY_LINE);
  const ready = proto === 'udp' ? await client.waitFor('udp.bound', (e) => e.sock === sock) : await client.waitFor('tcp.listening', (e) => e.sock === sock);
  return { io, mode, sock: sock!, port: ready.local.port };
}

describe('server console, UDP (UDPServer.py)', () => {
  it('answers the textbook client in capitals and shows who sent what', async () => {
    const { io, mode, port } = await startServer('udp');
    const printed = await python(UDP_CLIENT, [String(port), 'hello from python']);
    expect(printed.trim()).toBe('HELLO FROM PYTHON');
    await io.waitFor("sendto: 'HELLO FROM PYTHON' (17 bytes) back to 127.0.0.1:");
    expect(io.out()).toEqual([READY_LINE, 'hello from python']);
    expect(io.text()).toMatch(/recvfrom: 17 bytes from 127\.0\.0\.1:\d+/);
    mode.dispose();
  });

  it('stops on Ctrl-C, closes its socket, and offers to start again', async () => {
    const { io, mode, sock } = await startServer('udp');
    expect(mode.prompt()).toBeNull();
    mode.interrupt();
    expect(io.text()).toContain('KeyboardInterrupt');
    await client.waitFor('socket.closed', (e) => e.sock === sock, 3000);
    expect(mode.prompt()).toContain('Press Enter to start it again');
    await mode.run();
    await client.waitFor('udp.bound', (e) => e.sock !== sock && e.sock.startsWith('udp-server'), 3000);
    mode.dispose();
  });
});

describe('server console, TCP (TCPServer.py)', () => {
  it('accepts the textbook client, replies in capitals and closes the connection socket', async () => {
    const { io, mode, port } = await startServer('tcp');
    const printed = await python(TCP_CLIENT, [String(port), 'hello tcp']);
    expect(printed.trim()).toBe('From Server: HELLO TCP');
    await io.waitFor(/connectionSocket\.close\(\): tcp-server-\d+#1 is closed/);
    expect(io.text()).toMatch(/accept\(\): a connection from 127\.0\.0\.1:\d+, on a new connection socket tcp-server-\d+#1/);
    mode.dispose();
  });

  it('serves a second client while the first one stays silent', async () => {
    const { io, mode, port } = await startServer('tcp');
    const silent = tcpConnect(port, '127.0.0.1');
    await new Promise((r) => silent.once('connect', r));
    await io.waitFor(/#1$/);
    const started = Date.now();
    const printed = await python(TCP_CLIENT, [String(port), 'second']);
    expect(printed.trim()).toBe('From Server: SECOND');
    expect(Date.now() - started).toBeLessThan(5000);
    silent.destroy();
    mode.dispose();
  });

  it('reports a port that is already taken with EADDRINUSE', async () => {
    const io = new RecordingIO(await englishT());
    const mode = new ServerMode(io, link, { proto: 'tcp', port: bridge.servers['tcp-upper']!, bufsize: 2048 }, { onSocket: () => undefined });
    mode.start();
    await io.waitFor('listen() failed: EADDRINUSE');
    expect(io.text()).toContain('Another socket is already using this port.');
    expect(io.text()).toMatch(/TIME_WAIT .* SO_REUSEADDR before bind\(\)/);
    expect(mode.prompt()).toContain('Press Enter');
    mode.dispose();
  });
});
