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
}

export interface CheckCase {
  id: string;
  run(ctx: CheckContext): Promise<CaseResult>;
}

export type BatteryName = 'udp-server' | 'tcp-server' | 'echo-server' | 'pinger-server' | 'udp-client' | 'tcp-client' | 'pinger-client';

export function pass(id: string, code: string, params?: Finding['params']): CaseResult {
  return { case: id, ok: true, finding: { code, params } };
}
export function fail(id: string, code: string, params?: Finding['params']): CaseResult {
  return { case: id, ok: false, finding: { code, params } };
}

/** How the page steers a run: its panel's Cancel button, or the panel going away, aborts it. */
export interface RunControl {
  signal?: AbortSignal;
}

/** The promise, or the signal's reason (an AbortError) as soon as the signal aborts. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

const isAbort = (error: unknown, signal?: AbortSignal) => signal?.aborted === true && error === signal.reason;

/** Runs cases one after the other (several-clients cases run their clients at once inside). An
 * aborted run rejects with the signal's reason; the case under way closes its sockets itself. */
export async function runBattery(cases: CheckCase[], ctx: CheckContext, onResult?: (r: CaseResult) => void, { signal }: RunControl = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    let result: CaseResult;
    try {
      result = await abortable(c.run(ctx), signal);
    } catch (error) {
      if (isAbort(error, signal)) throw error;
      const e = error as { code?: string; message?: string };
      result = fail(c.id, 'error', { code: e.code ?? 'ERROR', message: e.message ?? String(error) });
    }
    results.push(result);
    onResult?.(result);
  }
  return results;
}
