// Lesson 8's observe rules, registered in web/lessons/rules.ts: they read the HTTP requests and
// responses out of the page's TCP connections to the lab's HTTP server.
import type { RuleInput, RuleResult } from '../lessons/rules/index.js';
import { HTTP_FORM_SOCKET_PREFIX } from './http-exchange.js';
import { parseRequests, type HttpRequest } from './request-parser.js';
import { parseResponse, type HttpResponse } from './response-parser.js';
import { pageStreamsTo, type PageStream } from './trace-streams.js';
import { concatBytes } from '../../protocol/bytes.js';

const NOT_YET: RuleResult = { passed: false };

export interface Exchange {
  sock: string;
  request: HttpRequest;
  response: HttpResponse;
  /** The trace number of the event that completed the response. */
  seq: number;
}

/** The requests of one connection paired with their responses, in order (HTTP/1.1 answers the
 * requests of a connection in the order they came). */
export function exchangesOf(stream: PageStream): Exchange[] {
  const { requests } = parseRequests(concatBytes(...stream.sent.map((c) => c.bytes)));
  const out: Exchange[] = [];
  let buffer: Uint8Array = new Uint8Array(0);
  for (const chunk of stream.received) {
    buffer = concatBytes(buffer, chunk.bytes);
    for (;;) {
      const request = requests[out.length];
      if (!request) return out;
      const parsed = parseResponse(buffer, false, request.method);
      if (parsed.state !== 'done') break;
      out.push({ sock: stream.sock, request, response: parsed.response, seq: chunk.seq });
      buffer = buffer.slice(buffer.length - parsed.response.extra);
    }
  }
  return out;
}

function exchangesWith(input: RuleInput, server: string): Exchange[] | undefined {
  const lab = input.servers.find((s) => s.name === server && s.state === 'running');
  if (!lab) return undefined;
  return pageStreamsTo(input.trace, lab.port)
    .flatMap(exchangesOf)
    .sort((a, b) => a.seq - b.seq);
}

const pathOf = (target: string) => target.split('?')[0];
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function json(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(text(bytes));
  } catch {
    return undefined;
  }
}

/** The text of the question a 201 response created (or, failing that, the request's). */
function createdText(ex: Exchange): string | undefined {
  const created = json(ex.response.body) as { question?: { text?: unknown } } | undefined;
  if (typeof created?.question?.text === 'string') return created.question.text;
  const sent = json(ex.request.body) as { text?: unknown } | undefined;
  return typeof sent?.text === 'string' ? sent.text.trim() : undefined;
}

function listsQuestion(ex: Exchange, wanted: string): boolean {
  const list = json(ex.response.body) as { questions?: ({ text?: unknown } | null)[] } | undefined;
  if (Array.isArray(list?.questions)) return list.questions.some((q) => q?.text === wanted);
  return text(ex.response.body).includes(JSON.stringify(wanted).slice(1, -1));
}

/** A POST /questions answered 201, then a later GET /questions whose response lists that question. */
export function httpPostThenGet(input: RuleInput, { server }: { server: string }): RuleResult {
  const exchanges = exchangesWith(input, server);
  if (!exchanges) return NOT_YET;
  const posted: string[] = [];
  for (const ex of exchanges) {
    const path = pathOf(ex.request.path);
    if (ex.request.method === 'POST' && path === '/questions' && ex.response.status === 201) {
      const created = createdText(ex);
      if (created !== undefined) posted.push(created);
    } else if (ex.request.method === 'GET' && path === '/questions' && ex.response.status === 200 && posted.some((p) => listsQuestion(ex, p))) {
      return { passed: true, seq: ex.seq };
    }
  }
  return NOT_YET;
}

/** A request typed by hand (from a console, not the HTTP form) was answered with a 2xx status. */
export function httpRawRequest(input: RuleInput, { server }: { server: string }): RuleResult {
  const exchanges = exchangesWith(input, server);
  const byHand = exchanges?.find((ex) => !ex.sock.startsWith(HTTP_FORM_SOCKET_PREFIX) && ex.response.status >= 200 && ex.response.status < 300);
  return byHand ? { passed: true, seq: byHand.seq } : NOT_YET;
}
