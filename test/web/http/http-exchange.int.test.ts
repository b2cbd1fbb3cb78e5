// The HTTP form's exchange against the lab's real HTTP API, through the real bridge.
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import { cookieHeader, storeCookies } from '../../../web/http/cookies.js';
import { runExchange, type ExchangeResult } from '../../../web/http/http-exchange.js';
import { buildRequest, type RequestForm } from '../../../web/http/raw-request.js';
import { headerValues, type HttpResponse } from '../../../web/http/response-parser.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';

let bridge: RunningBridge;
let client: LabClient;
let ids = 0;

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  client = await bridge.connect();
  onTeardown(() => client.close());
});

function send(patch: Partial<RequestForm>, timeoutMs?: number): Promise<ExchangeResult> {
  const port = bridge.servers['http-api']!;
  const form: RequestForm = { method: 'GET', path: '/questions', host: `127.0.0.1:${port}`, headers: '', body: '', autoLength: true, ...patch };
  const built = buildRequest(form);
  return runExchange(client, {
    sock: `http-form-${++ids}`,
    host: '127.0.0.1',
    port,
    bytes: built.bytes,
    method: form.method,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

function response(result: ExchangeResult): HttpResponse {
  if (result.parsed.state !== 'done') throw new Error(`${result.ending}: ${JSON.stringify(result.parsed)}`);
  return result.parsed.response;
}
const body = (r: HttpResponse) => JSON.parse(new TextDecoder().decode(r.body)) as Record<string, unknown>;

describe('an HTTP exchange over the bridge', () => {
  it('POSTs a Korean question, then a GET on a new connection lists it', async () => {
    const text = `소켓이 뭔가요? ${Date.now()}`;
    const posted = await send({ method: 'POST', headers: 'Content-Type: application/json', body: JSON.stringify({ text }) });
    expect(posted.ending).toBe('complete');
    expect(response(posted).status).toBe(201);
    expect(body(response(posted))).toMatchObject({ question: { text } });

    const listed = await send({});
    expect(response(listed).status).toBe(200);
    expect((body(response(listed)).questions as { text: string }[]).map((q) => q.text)).toContain(text);
    // each request had a connection of its own
    expect(listed.local!.port).not.toBe(posted.local!.port);
    expect(new TextDecoder().decode(listed.response)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('keeps the session with the cookie: GET /me lists what this client created', async () => {
    const first = await send({ method: 'POST', body: JSON.stringify({ text: 'first' }) });
    const setCookie = headerValues(response(first), 'set-cookie');
    expect(setCookie[0]).toMatch(/^sid=[\w-]+; Path=\//);
    const jar = storeCookies([], setCookie);

    const second = await send({ method: 'POST', body: JSON.stringify({ text: 'second' }), cookie: cookieHeader(jar)! });
    expect(headerValues(response(second), 'set-cookie')).toEqual([]); // the session is known: no new cookie

    const me = body(response(await send({ path: '/me', cookie: cookieHeader(jar)! })));
    expect(me).toMatchObject({ session: true });
    expect((me.created as { text: string }[]).map((q) => q.text)).toEqual(['first', 'second']);
    const stranger = body(response(await send({ path: '/me' })));
    expect(stranger).toMatchObject({ session: false });
  });

  it("shows the server's explained errors: no Host 400, an unknown path 404, a wrong method 405", async () => {
    expect(response(await send({ host: '' })).status).toBe(400);
    const missing = response(await send({ path: '/nothing' }));
    expect(missing.status).toBe(404);
    expect(String(body(missing).message)).toMatch(/GET \/questions/);
    const wrong = response(await send({ method: 'DELETE' }));
    expect([wrong.status, headerValues(wrong, 'allow')]).toEqual([405, ['GET, POST']]);
  });

  it('reports a refused connection as a failed connect()', async () => {
    const result = await runExchange(client, { sock: `http-form-${++ids}`, host: '127.0.0.1', port: 1, bytes: new Uint8Array([0x41]), method: 'GET' });
    expect(result.ending).toBe('failed');
    expect(result.failure?.call).toBe('connect');
  });

  it('gives up waiting at its own timeout when the body never comes', async () => {
    const result = await send({ method: 'POST', headers: 'Content-Length: 100', body: '{}' }, 500);
    expect(result.ending).toBe('timeout');
    expect(result.parsed.state).toBe('head');
  });
});
