// Lesson 8's raw request console against the lab's real HTTP API through the real bridge: the
// student types lines; the console sends them as one request with \r\n endings.
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import type { Translate } from '../../../web/console/io.js';
import { announcedLength, BODY_PROMPT, MORE_PROMPT, RequestClient, REQUEST_PROMPT, requestText } from '../../../web/console/request-client.js';
import { resolveTarget } from '../../../web/lab/targets.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';
import { LabLink } from '../../../web/console/link.js';
import { RecordingIO } from '../console/support.js';

const load = (ns: string) => JSON.parse(readFileSync(new URL(`../../../web/i18n/locales/en/${ns}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

let bridge: RunningBridge;
let client: LabClient;
let t: Translate;
let ids = 0;

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  client = await bridge.connect();
  onTeardown(() => client.close());
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'en',
    resources: { en: { console: load('console'), http: load('http') } },
    defaultNS: 'console',
    interpolation: { escapeValue: false },
  });
  t = (key, vars) => i18n.t(key, vars ?? {});
});

function console(waitMs?: number) {
  const io = new RecordingIO(t);
  // socket ids unique across the file's consoles: a closed socket's id may still be in use briefly
  const link = new LabLink({ ready: () => Promise.resolve(client), newSocketId: (prefix) => `${prefix}-${++ids}`, servers: () => client.hello!.servers });
  const sockets: (string | undefined)[] = [];
  const request = new RequestClient(io, link, (id) => sockets.push(id), waitMs);
  const target = () => resolveTarget({ server: 'http-api' }, client.hello!.servers);
  const type = (line: string) => request.line(line, target, new AbortController().signal);
  return { io, request, type, sockets };
}

/** Every byte the page sent on a socket, as the bridge reported it. */
function sentOn(sock: string): string {
  return client.history
    .filter((e) => e.type === 'tcp.sent' && e.sock === sock)
    .map((e) => (e.type === 'tcp.sent' ? Buffer.from(e.data, 'base64').toString('utf8') : ''))
    .join('');
}

describe('the raw request console', () => {
  it('gathers lines until the empty line and sends them as one request with \\r\\n endings', async () => {
    const { io, request, type, sockets } = console();
    expect(request.prompt()).toBe(REQUEST_PROMPT);
    await type('GET /questions HTTP/1.1');
    expect(request.prompt()).toBe(MORE_PROMPT);
    await type(`Host: 127.0.0.1:${bridge.servers['http-api']}`);
    expect(sockets).toEqual([]); // nothing sent yet: the header has not ended
    await type('');
    expect(sentOn(sockets[0]!)).toBe(`GET /questions HTTP/1.1\r\nHost: 127.0.0.1:${bridge.servers['http-api']}\r\n\r\n`);
    expect(io.out()[0]).toBe('HTTP/1.1 200 OK');
    expect(io.out()).toContain('');
    expect(io.text()).toMatch(/The response is complete: \d+ bytes/);
    expect(request.prompt()).toBe(REQUEST_PROMPT);
  });

  it('asks for the body a Content-Length announces and sends it with the request', async () => {
    const { io, request, type, sockets } = console();
    const body = '{"text": "손으로 쓴 질문"}';
    const length = new TextEncoder().encode(body).length;
    for (const line of ['POST /questions HTTP/1.1', 'Host: lab', 'Content-Type: application/json', `Content-Length: ${length}`, '']) await type(line);
    expect(request.prompt()).toBe(BODY_PROMPT);
    expect(sockets).toEqual([]);
    await type(body);
    expect(sentOn(sockets[0]!).endsWith(`\r\n\r\n${body}`)).toBe(true);
    expect(io.out()[0]).toBe('HTTP/1.1 201 Created');
    expect(io.text()).toMatch(/Set-Cookie: sid=/);
  });

  it("shows the server's 400 for a request without Host", async () => {
    const { io, type } = console();
    await type('GET /questions HTTP/1.1');
    await type('');
    expect(io.out()[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(io.text()).toMatch(/requires a Host header/);
  });

  it('says what to type when the first line is empty', async () => {
    const { io, type, sockets } = console();
    await type('');
    expect(sockets).toEqual([]);
    expect(io.text()).toMatch(/start with a request line/);
  });

  it('gives up at its own limit when the response does not come', async () => {
    // a page server that accepts and never answers
    const listening = await client.tcpListen(`silent-${++ids}`, 0);
    const io = new RecordingIO(t);
    const link = new LabLink({ ready: () => Promise.resolve(client), newSocketId: (prefix) => `${prefix}-${++ids}`, servers: () => client.hello!.servers });
    const request = new RequestClient(io, link, () => undefined, 300);
    const target = () => resolveTarget({ host: '127.0.0.1', port: listening.local.port }, []);
    for (const line of ['GET / HTTP/1.1', 'Host: x', '']) await request.line(line, target, new AbortController().signal);
    expect(io.text()).toMatch(/No complete response within 0.3 s \(0 bytes came\)/);
  });
});

describe('request helpers', () => {
  it('finds Content-Length in any case, and writes the request with \\r\\n', () => {
    expect(announcedLength(['POST / HTTP/1.1', 'content-length: 12'])).toBe(12);
    expect(announcedLength(['GET / HTTP/1.1'])).toBe(0);
    expect(requestText(['GET / HTTP/1.1', 'Host: x'], [])).toBe('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(requestText(['POST / HTTP/1.1'], ['a', 'b'])).toBe('POST / HTTP/1.1\r\n\r\na\r\nb');
  });
});
