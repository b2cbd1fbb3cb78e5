// "Check my program": the lab acts as the client of the student's server (or as the server of the
// student's client), runs a battery of cases through the bridge, and explains each failure in
// plain words. The logic is plain TypeScript over the LabClient, so it runs in the page and in
// Node tests alike; findings are codes with parameters, worded in the page's language
// (web/i18n/locales/*/checker.json).
import type { LabClient } from '../../protocol/client.js';

export interface Finding {
  /** A key of the "checker" i18n namespace: cases.<case>.<code>. */
  code: string;
  params?: Record<string, string | number>;
}

export interface CaseResult {
  case: string;
  ok: boolean;
  /** What happened, worded by `code`; on failure, what to change. */
  finding: Finding;
}

export interface CheckContext {
  client: LabClient;
  host: string;
  /** The student's program's port. */
  port: number;
  /** Fresh socket ids for this run. */
  newId(prefix: string): string;
  /** How long to wait for an answer before calling it missing, in ms. */
  waitMs: number;
  /** The lab's own server ports, to recognise a reply sent to the wrong place. */
  labPorts: Record<string, number>;
  /** Stops the run: every wait ends at once and the battery rejects with the signal's reason (the
   * panel unmounted or was cancelled, the test ended). */
  signal?: AbortSignal;
}

export interface CheckCase {
  id: string;
  run(ctx: CheckContext): Promise<CaseResult>;
}

export function pass(id: string, code: string, params?: Finding['params']): CaseResult {
  return { case: id, ok: true, finding: { code, params } };
}
export function fail(id: string, code: string, params?: Finding['params']): CaseResult {
  return { case: id, ok: false, finding: { code, params } };
}

/** Waits `ms` at most: less when the caller wakes it (an event arrived) or the signal aborts. */
export function pause(ms: number, signal: AbortSignal | undefined, setWake: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
    setWake(done);
  });
}

/** Runs cases one after the other (several-clients cases run their clients at once inside). */
export async function runBattery(cases: CheckCase[], ctx: CheckContext, onResult?: (r: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    ctx.signal?.throwIfAborted();
    let result: CaseResult;
    try {
      result = await c.run(ctx);
    } catch (error) {
      // a cancelled run is not a finding about the student's program
      ctx.signal?.throwIfAborted();
      const e = error as { code?: string; message?: string };
      result = fail(c.id, 'error', { code: e.code ?? 'ERROR', message: e.message ?? String(error) });
    }
    results.push(result);
    onResult?.(result);
  }
  return results;
}
