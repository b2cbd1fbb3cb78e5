// What a panel shows when something fails: the failure in plain words in the page's language and
// what to do next, never a raw LAB_* code. OS codes (EADDRINUSE, ECONNREFUSED...) are lesson
// material, so they are named as well, after the plain words. Strings: locales/*/errors.json.
import { LabError } from '../../protocol/client.js';

/** A failure as a panel keeps it: the code (LAB_* or OS) and what is known about it. */
export interface PanelFailure {
  code: string;
  /** The port it is about, when there is one ("port 12101 is already in use"). */
  port?: number;
}

export interface DescribedFailure {
  code: string;
  what: string;
  todo: string;
  /** "The operating system calls this EADDRINUSE.", for OS codes only. */
  os?: string;
}

/** The code of anything a panel can catch: a LabError, a rejected request's { code }, an Error. */
export function failureOf(error: unknown, port?: number): PanelFailure {
  if (error instanceof LabError) return { code: error.code, port };
  if (error && typeof error === 'object' && 'name' in error && error.name === 'AbortError') return { code: 'LAB_CANCELLED', port };
  const code = error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown';
  return { code, port };
}

const isOsCode = (code: string) => /^E[A-Z]+$/.test(code);

/** i18next's t of the "errors" namespace, as far as this file needs it. */
export type ErrorsT = (key: string, options?: Record<string, unknown>) => string;

/** The failure in the page's language, with what to do. */
export function describeFailure(failure: PanelFailure, t: ErrorsT, exists: (key: string) => boolean): DescribedFailure {
  const known = exists(`errors:codes.${failure.code}.what`);
  const key = known ? `codes.${failure.code}` : 'unknown';
  const context = failure.port !== undefined ? 'port' : undefined;
  return {
    code: failure.code,
    what: t(`${key}.what`, { context, port: failure.port }),
    todo: t(`${key}.todo`),
    os: isOsCode(failure.code) ? t('osCode', { code: failure.code }) : undefined,
  };
}
