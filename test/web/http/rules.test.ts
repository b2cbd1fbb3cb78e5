import { describe, expect, it } from 'vitest';
import type { Event, LabServerStatus } from '../../../protocol/messages.js';
import { runRule, type RuleInput } from '../../../web/lessons/rules/index.js';
import { tcpConnected, tcpReceived, tcpSent, trace } from '../lessons/events.js';

const API: LabServerStatus = { name: 'http-api', proto: 'tcp', port: 12080, state: 'running', sock: 'lab:http-api' };
const input = (events: Event[]): RuleInput => ({ trace: trace(...events), servers: [API], now: 0 });
const len = (s: string) => new TextEncoder().encode(s).length;
const response = (status: string, body: string) =>
  `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${len(body)}\r\n\r\n${body}`;
const post = (text: string) => {
  const body = JSON.stringify({ text });
  return `POST /questions HTTP/1.1\r\nHost: 127.0.0.1:12080\r\nContent-Length: ${len(body)}\r\n\r\n${body}`;
};
const GET = 'GET /questions HTTP/1.1\r\nHost: 127.0.0.1:12080\r\n\r\n';
const created = (text: string) => response('201 Created', JSON.stringify({ question: { id: 7, text, created: 'now' } }));
const listed = (...texts: string[]) =>
  response('200 OK', JSON.stringify({ questions: texts.map((text, i) => ({ id: i + 1, text, created: 'now' })) }, null, 2));

describe('http-post-then-get', () => {
  const question = '소켓이 "뭔가요"?';
  const flow = [
    tcpConnected(1, 'http-form-1', 50000, 12080),
    tcpSent(2, 'http-form-1', post(question)),
    tcpReceived(3, 'http-form-1', created(question)),
    tcpConnected(4, 'http-form-2', 50001, 12080),
    tcpSent(5, 'http-form-2', GET),
    tcpReceived(6, 'http-form-2', listed('older', question)),
  ];

  it('passes when a GET after the POST lists the new question, on another connection too', () => {
    expect(runRule('http-post-then-get', {}, input(flow))).toEqual({ passed: true, seq: 6 });
  });

  it('does not pass when the GET came before the POST', () => {
    const early = [flow[3]!, flow[4]!, flow[5]!, flow[0]!, flow[1]!, flow[2]!];
    expect(runRule('http-post-then-get', {}, input(early)).passed).toBe(false);
  });

  it('does not pass when the POST was refused or the list lacks the question', () => {
    const refused = [flow[0]!, flow[1]!, tcpReceived(3, 'http-form-1', response('400 Bad Request', '{"error":"Bad Request"}')), ...flow.slice(3)];
    expect(runRule('http-post-then-get', {}, input(refused)).passed).toBe(false);
    const missing = [...flow.slice(0, 5), tcpReceived(6, 'http-form-2', listed('something else'))];
    expect(runRule('http-post-then-get', {}, input(missing)).passed).toBe(false);
  });

  it('pairs requests and responses on one kept-alive connection, whatever the chunks', () => {
    const replies = created('hi') + listed('hi');
    const events = [
      tcpConnected(1, 'tcp-client-1', 50000, 12080),
      tcpSent(2, 'tcp-client-1', post('hi') + GET),
      tcpReceived(3, 'tcp-client-1', replies.slice(0, 40)),
      tcpReceived(4, 'tcp-client-1', replies.slice(40, 200)),
      tcpReceived(5, 'tcp-client-1', replies.slice(200)),
    ];
    expect(runRule('http-post-then-get', {}, input(events))).toEqual({ passed: true, seq: 5 });
  });
});

describe('http-raw-request', () => {
  const byHand = (sock: string, status = '200 OK') => [
    tcpConnected(1, sock, 50000, 12080),
    tcpSent(2, sock, GET),
    tcpReceived(3, sock, response(status, '{"questions": []}')),
  ];

  it('passes when a console socket got a 2xx response to its request', () => {
    expect(runRule('http-raw-request', {}, input(byHand('tcp-client-4')))).toEqual({ passed: true, seq: 3 });
  });

  it("does not count the HTTP form's requests", () => {
    expect(runRule('http-raw-request', {}, input(byHand('http-form-1'))).passed).toBe(false);
  });

  it('does not count a refused request', () => {
    expect(runRule('http-raw-request', {}, input(byHand('s1', '400 Bad Request'))).passed).toBe(false);
  });

  it('does not count a request whose header never ended', () => {
    const events = [
      tcpConnected(1, 's1', 50000, 12080),
      tcpSent(2, 's1', 'GET /questions HTTP/1.1\r\nHost: x\r\n'),
      tcpReceived(3, 's1', response('200 OK', '{}')),
    ];
    expect(runRule('http-raw-request', {}, input(events)).passed).toBe(false);
  });
});
