// The question API of lesson 8, after the seed's Django view: GET /questions lists the questions,
// POST /questions creates one; a session cookie (sid) lets GET /me show what this client created.
// Every refusal says in words what was wrong, because students type these requests by hand.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { QuestionStore } from './http-store.js';

/** The largest body accepted: a question is a sentence, not a file. */
export const MAX_BODY_BYTES = 4096;
const MAX_TEXT = 500;

const NewQuestion = z.strictObject({
  text: z.string().trim().min(1, 'text is empty').max(MAX_TEXT, `text holds at most ${MAX_TEXT} characters`),
});

const INDEX = `Socket Lab's question API (lesson 8)

GET  /questions   the questions, as JSON
POST /questions   create one: a JSON body {"text": "..."} with its Content-Length (at most ${MAX_BODY_BYTES} bytes)
GET  /me          what your session created (the server sets a sid cookie on your first POST)
`;

export function route(store: QuestionStore, req: IncomingMessage, res: ServerResponse, bodyTimeoutMs: number): void {
  if (!req.headers.host && req.httpVersion === '1.1') {
    return problem(res, 400, 'HTTP/1.1 requires a Host header, for example "Host: 127.0.0.1:12080", after the request line');
  }
  const path = pathOf(req.url ?? '');
  switch (path) {
    case '/':
      if (req.method !== 'GET') return notAllowed(res, 'GET');
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(INDEX) }).end(INDEX);
      return;
    case '/questions':
      if (req.method === 'GET') return json(res, 200, { questions: store.list() });
      if (req.method === 'POST') return void createQuestion(store, req, res, bodyTimeoutMs);
      return notAllowed(res, 'GET, POST');
    case '/me': {
      if (req.method !== 'GET') return notAllowed(res, 'GET');
      const sid = sidOf(req);
      if (!store.hasSession(sid))
        return json(res, 200, { session: false, created: [], message: 'no session yet: POST /questions and the server sets a sid cookie' });
      return json(res, 200, { session: true, created: store.createdBy(sid) });
    }
    default:
      return problem(res, 404, `there is no ${JSON.stringify(path)} here; try GET /questions or GET /`);
  }
}

async function createQuestion(store: QuestionStore, req: IncomingMessage, res: ServerResponse, bodyTimeoutMs: number): Promise<void> {
  const body = await readBody(req, res, bodyTimeoutMs);
  if (body === undefined) return;
  if (body.length === 0) {
    return problem(res, 400, 'the body is empty: send a JSON body such as {"text": "What is a socket?"} with a Content-Length header giving its size in bytes');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return problem(res, 400, `the body is not JSON (${(error as Error).message}); send {"text": "..."}`);
  }
  const parsed = NewQuestion.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const missing = issue?.code === 'invalid_type' && issue.path[0] === 'text';
    return problem(res, 400, missing ? 'the body has no "text" string: send {"text": "..."}' : `the body does not fit {"text": "..."}: ${issue?.message}`);
  }
  let sid = sidOf(req);
  const headers: Record<string, string> = {};
  if (!store.hasSession(sid)) {
    sid = store.newSession();
    headers['Set-Cookie'] = `sid=${sid}; Path=/; HttpOnly; SameSite=Strict`;
  }
  json(res, 201, { question: store.create(parsed.data.text, sid) }, headers);
}

/** The whole body, or undefined when it was refused (the refusal has been sent). */
function readBody(req: IncomingMessage, res: ServerResponse, timeoutMs: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BODY_BYTES) {
    problem(res, 413, `Content-Length ${declared} is more than the ${MAX_BODY_BYTES} bytes this API accepts`, true);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const refuse = (status: number, message: string) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      problem(res, status, message, true); // the rest of the body must not be read as a new request
      resolve(undefined);
    };
    const timer = setTimeout(
      () =>
        refuse(
          408,
          `the body did not arrive within ${timeoutMs / 1000} s: Content-Length promised ${req.headers['content-length'] ?? '?'} bytes, ${size} came`,
        ),
      timeoutMs,
    );
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return refuse(413, `the body is more than the ${MAX_BODY_BYTES} bytes this API accepts`);
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve(undefined); // the client went away; nobody is left to answer
    });
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

/** An error reply: the status, and in the body what was wrong. */
export function problem(res: ServerResponse, status: number, message: string, close = false): void {
  if (res.headersSent) return;
  json(res, status, { error: STATUS_CODES[status], message }, close ? { Connection: 'close' } : {});
}

function notAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  problem(res, 405, `this path answers only ${allow}`);
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://lab').pathname;
  } catch {
    return url;
  }
}

function sidOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === 'sid') return value.join('=');
  }
  return undefined;
}
