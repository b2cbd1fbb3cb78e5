// The classroom's two HTTP calls: a student joins (name and code → a token of their own), and a
// student's page reports where it is. JSON in and out, same origin only, small bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JoinRequest, ProgressReport, type JoinAnswer } from '../../protocol/classroom.js';
import type { Classroom } from './classroom.js';

export const JOIN_PATH = '/api/class/join';
export const PROGRESS_PATH = '/api/class/progress';
const MAX_BODY = 4096;

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.destroy();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', () => resolve(undefined));
  });
}

/** Handles a classroom API request (the caller has checked Host and Origin). False: not ours. */
export function handleClassroomHttp(classroom: Classroom, req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (path !== JOIN_PATH && path !== PROGRESS_PATH) return false;
  // a JSON content type makes a cross-site form or fetch need a preflight, which is never answered
  if (req.method !== 'POST' || !/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    reply(res, 405, { ok: false, reason: 'badRequest' });
    return true;
  }
  void readJson(req).then((body) => {
    if (path === JOIN_PATH) {
      const parsed = JoinRequest.safeParse(body);
      const answer: JoinAnswer = parsed.success ? classroom.join(parsed.data, req.socket.remoteAddress ?? '?') : { ok: false, reason: 'badRequest' };
      const status = answer.ok
        ? 200
        : answer.reason === 'tooManyAttempts' || answer.reason === 'tooManySeats'
          ? 429
          : answer.reason === 'wrongCode'
            ? 403
            : 400;
      return reply(res, status, answer);
    }
    const student = classroom.byToken(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1], req.socket.remoteAddress);
    if (!student) return reply(res, 401, { ok: false });
    const parsed = ProgressReport.safeParse(body);
    if (!parsed.success || Object.keys(parsed.data.checks).length > 40) return reply(res, 400, { ok: false });
    classroom.progress(student, parsed.data);
    return reply(res, 200, { ok: true });
  });
  return true;
}
