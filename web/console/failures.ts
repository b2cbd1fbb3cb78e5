// Errors in plain words: which socket call failed, the code exactly as the OS or the lab named it
// (ECONNREFUSED is lesson material), and a one-line hint the student can act on.
import { LabError } from '../../protocol/client.js';
import { errorHint } from '../../protocol/errors.js';
import type { ConsoleIO } from './io.js';

export function codeOf(error: unknown): { code: string; message: string } {
  if (error instanceof LabError) return { code: error.code, message: error.event?.message ?? error.message.replace(`${error.code}: `, '') };
  return { code: 'LAB_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** The hint in the console's language; the catalogue's English one when there is no translation. */
export function hintFor(io: ConsoleIO, code: string): string {
  return io.t(`hints.${code}`, { defaultValue: errorHint(code) });
}

/** Prints "connect() failed: ECONNREFUSED" and the hint. */
export function printFailure(io: ConsoleIO, call: string, error: unknown): void {
  const { code, message } = codeOf(error);
  printCode(io, call, code, message);
}

export function printCode(io: ConsoleIO, call: string, code: string, message?: string): void {
  if (code.startsWith('LAB_')) return printLabCode(io, call, code);
  io.print(io.t('error.failed', { call, code }), 'error');
  const hint = hintFor(io, code);
  io.print(`  ${hint}`, 'note');
  // the bridge's own words add the detail (which address, which state) when they say more
  if (message && message !== hint && message !== code) io.print(`  (${message})`, 'note');
}

/** The lab's own refusals (LAB_*) are not lesson material: plain words in the page's language and
 * what to do (locales/<lang>/errors.json), never the code itself. */
function printLabCode(io: ConsoleIO, call: string, code: string): void {
  const what = io.t(`errors:codes.${code}.what`, { defaultValue: errorHint(code) });
  io.print(io.t('error.failed', { call, code: what }), 'error');
  const todo = io.t(`errors:codes.${code}.todo`, { defaultValue: '' });
  if (todo) io.print(`  ${todo}`, 'note');
}
