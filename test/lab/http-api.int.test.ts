import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApi } from '../../bridge/lab/http-api.js';
import { MAX_QUESTIONS } from '../../bridge/lab/http-store.js';
import { decode64, expectValidEvents, runLab, TestClient, waitFor, type LabRun } from './support.js';

let lab: LabRun | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await lab?.close();
  lab = undefined;
});

const WAIT_MS = 300;

async function start(): Promise<() => Promise<Http>> {
  lab = await runLab(createHttpApi({ waitMs: WAIT_MS }));
  const port = lab.port;
  return async () => {
    const c = await TestClient.connect(port);
    clients.push(c);
    return new Http(c, port);
  };
}

interface Response {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: () => Record<string, unknown>;
}

/** Raw HTTP/1.1 over one TCP connection, the way a student types it into a TCP console. */
class Http {
  private at = 0;
  constructor(
    readonly client: TestClient,
    private readonly port: number,
  ) {}

  send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
    const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${this.port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    this.client.send(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
    return this.next();
  }

  async next(): Promise<Response> {
    let parsed: (Response & { length: number }) | undefined;
    await waitFor(
      () => (parsed = parseResponse(Buffer.concat(this.client.chunks).subarray(this.at))) !== undefined,
      `a response (got ${JSON.stringify(this.client.text)})`,
    );
    this.at += parsed!.length;
    return parsed!;
  }
}

function parseResponse(bytes: Buffer): (Response & { length: number }) | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const length = Number(headers['content-length'] ?? 0);
  if (bytes.length < end + 4 + length) return undefined;
  const body = bytes.subarray(end + 4, end + 4 + length).toString('utf8');
  return { status: Number(statusLine!.split(' ')[1]), headers, body, json: () => JSON.parse(body) as Record<string, unknown>, length: end + 4 + length };
}

describe('http-api', () => {
  it('answers GET /questions with JSON, and reports the raw request before the raw response', async () => {
    const join = await start();
    const http = await join();
    const res = await http.send('GET', '/questions');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ questions: [] });
    await waitFor(() => lab!.of('tcp.sent').length > 0, 'tcp.sent');
    const conn = lab!.events.filter((e) => 'sock' in e && e.sock === 'lab:http-api#1');
    expect(conn[0]!.type).toBe('tcp.received');
    expect(decode64(lab!.of('tcp.received')[0]!.data)).toBe(`GET /questions HTTP/1.1\r\nHost: 127.0.0.1:${lab!.port}\r\n\r\n`);
    expect(
      lab!
        .of('tcp.sent')
        .map((e) => decode64(e.data))
        .join(''),
    ).toBe(http.client.text);
    expectValidEvents(lab!.events);
  });

  it('shows a POSTed question in the next GET, and keeps a session in a cookie for GET /me', async () => {
    const join = await start();
    const http = await join();
    const created = await http.send('POST', '/questions', JSON.stringify({ text: 'What is a socket?' }), { 'Content-Type': 'application/json' });
    expect(created.status).toBe(201);
    const question = (created.json() as { question: { id: number; text: string } }).question;
    expect(question).toMatchObject({ text: 'What is a socket?' });
    const cookie = /^sid=([^;]+);/.exec(created.headers['set-cookie'] ?? '')?.[1];
    expect(cookie).toMatch(/^[\w-]{22}$/);
    expect(created.headers['set-cookie']).toMatch(/HttpOnly/);

    // another client, no cookie: it sees the question, but has no session
    const other = await join();
    expect((await other.send('GET', '/questions')).json()).toEqual({ questions: [expect.objectContaining({ id: question.id, text: 'What is a socket?' })] });
    expect((await other.send('GET', '/me')).json()).toMatchObject({ session: false, created: [] });

    // the same session: a second POST sets no new cookie, and /me lists both
    const again = await http.send('POST', '/questions', '{"text": "소켓이란?"}', { Cookie: `sid=${cookie}` });
    expect(again.headers['set-cookie']).toBeUndefined();
    const me = await http.send('GET', '/me', undefined, { Cookie: `theme=dark; sid=${cookie}` });
    expect(me.json()).toMatchObject({ session: true, created: [{ text: 'What is a socket?' }, { text: '소켓이란?' }] });
  });

  it('answers 408 with an explanation to a request whose blank line never comes, and closes', async () => {
    const join = await start();
    const http = await join();
    const waiting = await join();
    waiting.client.send(`GET /questions HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    // meanwhile another client is served
    expect((await http.send('GET', '/questions')).status).toBe(200);
    const res = await waiting.next();
    expect(res.status).toBe(408);
    expect(res.json().message).toMatch(/empty line/);
    await waitFor(() => waiting.client.peerClosed, 'the server to close');
  });

  it('answers 400 with an explanation to a request that is not HTTP, and other clients carry on', async () => {
    const join = await start();
    const bad = await join();
    const good = await join();
    bad.client.send('HELLO SERVER\r\n\r\n');
    const res = await bad.next();
    expect(res.status).toBe(400);
    expect(res.json().message).toMatch(/request line/);
    await waitFor(() => bad.client.peerClosed, 'the server to close');
    expect((await good.send('GET', '/questions')).status).toBe(200);
  });

  it('explains that lines end with CR LF when a request uses a bare LF', async () => {
    const join = await start();
    const http = await join();
    http.client.send('GET /questions HTTP/1.1\nHost: x\n\n');
    const res = await http.next();
    expect([res.status, res.json().message]).toEqual([400, expect.stringMatching(/CR LF/)]);
  });

  it('refuses a POST whose body is empty, not JSON, or has no text, saying which', async () => {
    const join = await start();
    const http = await join();
    const empty = await http.send('POST', '/questions');
    expect([empty.status, empty.json().message]).toEqual([400, expect.stringMatching(/body is empty.*Content-Length/)]);
    const notJson = await http.send('POST', '/questions', 'text=hello');
    expect([notJson.status, notJson.json().message]).toEqual([400, expect.stringMatching(/not JSON/)]);
    const noText = await http.send('POST', '/questions', '{"title": "hello"}');
    expect(noText.status).toBe(400);
    const missing = await http.send('POST', '/questions', '{}');
    expect([missing.status, missing.json().message]).toEqual([400, expect.stringMatching(/no "text"/)]);
    expect((await http.send('GET', '/questions')).json()).toEqual({ questions: [] });
  });

  it('answers 404 for an unknown path, 405 with Allow for a wrong method, 400 without Host', async () => {
    const join = await start();
    const http = await join();
    expect((await http.send('GET', '/nothing')).status).toBe(404);
    const wrong = await http.send('DELETE', '/questions');
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'GET, POST']);
    http.client.send('GET /questions HTTP/1.1\r\n\r\n');
    const noHost = await http.next();
    expect([noHost.status, noHost.json().message]).toEqual([400, expect.stringMatching(/Host header/)]);
  });

  it('refuses a body over the limit, by its Content-Length or as it streams in', async () => {
    const join = await start();
    const big = await join();
    big.client.send(`POST /questions HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n`);
    expect((await big.next()).status).toBe(413);
    const chunked = await join();
    chunked.client.send(`POST /questions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
    for (let i = 0; i < 3; i++) chunked.client.send(`800\r\n${'x'.repeat(0x800)}\r\n`);
    expect((await chunked.next()).status).toBe(413);
    await waitFor(() => chunked.client.peerClosed, 'the server to close');
  });

  it('answers 408 when the body is shorter than its Content-Length', async () => {
    const join = await start();
    const http = await join();
    http.client.send(`POST /questions HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{"text":`);
    const res = await http.next();
    expect([res.status, res.json().message]).toEqual([408, expect.stringMatching(/promised 50 bytes, 8 came/)]);
  });

  it(`keeps at most ${MAX_QUESTIONS} questions, dropping the oldest`, async () => {
    const join = await start();
    const http = await join();
    for (let i = 1; i <= MAX_QUESTIONS + 2; i++) expect((await http.send('POST', '/questions', JSON.stringify({ text: `q${i}` }))).status).toBe(201);
    const { questions } = (await http.send('GET', '/questions')).json() as { questions: { text: string }[] };
    expect(questions).toHaveLength(MAX_QUESTIONS);
    expect(questions[0]!.text).toBe('q3');
  });
});
