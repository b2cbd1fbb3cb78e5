// A student of a class: their token lives in this tab only (sessionStorage), never in an address
// they might share; their page tells the instructor's room where they are and what they passed.
import { JoinAnswer, type JoinRefusal, type ProgressReport } from '../../protocol/classroom.js';

const TOKEN_KEY = 'socket-lab.student-token';
const NAME_KEY = 'socket-lab.student-name';
export const JOIN_PATH = '/join';
const API_JOIN = '/api/class/join';
const API_PROGRESS = '/api/class/progress';

export interface StudentSeat {
  token: string;
  name: string;
}

export function studentSeat(storage: Storage = window.sessionStorage): StudentSeat | undefined {
  const token = storage.getItem(TOKEN_KEY);
  return token ? { token, name: storage.getItem(NAME_KEY) ?? '' } : undefined;
}

/** The page was served on this machine's loopback (the instructor's side), not a classroom address. */
export function onLoopback(hostname: string = window.location.hostname): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
}

export function forgetSeat(storage: Storage = window.sessionStorage): void {
  storage.removeItem(TOKEN_KEY);
  storage.removeItem(NAME_KEY);
}

/** Asks the bridge for a seat; keeps the token in this tab. Resolves with why not, when refused. */
export async function join(
  name: string,
  code: string,
  storage: Storage = window.sessionStorage,
): Promise<{ ok: true } | { ok: false; reason: JoinRefusal | 'unreachable' }> {
  let answer;
  try {
    const res = await fetch(API_JOIN, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, code }),
      cache: 'no-store',
    });
    answer = JoinAnswer.safeParse(await res.json());
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
  if (!answer.success) return { ok: false, reason: 'badRequest' };
  if (!answer.data.ok) return { ok: false, reason: answer.data.reason };
  storage.setItem(TOKEN_KEY, answer.data.token);
  storage.setItem(NAME_KEY, answer.data.name);
  return { ok: true };
}

/** Sends the student's place and checks passed, at most once a second and only when changed. */
export function reportProgress(token: string, read: () => ProgressReport, subscribe: (onChange: () => void) => () => void): () => void {
  let last = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    timer = undefined;
    const body = JSON.stringify(read());
    if (body === last) return;
    last = body;
    fetch(API_PROGRESS, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body, cache: 'no-store' }).catch(
      () => {
        last = ''; // try again on the next change
      },
    );
  };
  const schedule = () => {
    timer ??= setTimeout(send, 1000);
  };
  const unsubscribe = subscribe(schedule);
  window.addEventListener('hashchange', schedule);
  send();
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', schedule);
    clearTimeout(timer);
  };
}
