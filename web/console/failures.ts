// Errors in plain words: which socket call failed, the code exactly as the OS named it
// (ECONNREFUSED is lesson material), what it means and what to do, from the error catalogue
// (protocol/errors.ts; the words in locales/<lang>/errors.json).
import { LabError } from '../../protocol/client.js';
import type { ConsoleIO } from './io.js';

export function codeOf(error: unknown): { code: string; message: string } {
  if (error instanceof LabError) return { code: error.code, message: error.event?.message ?? error.message.replace(`${error.code}: `, '') };
  return { code: 'LAB_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Prints "connect() failed: ECONNREFUSED" and the hint. */
export function printFailure(io: ConsoleIO, call: string, error: unknown): void {
  const { code, message } = codeOf(error);
  printCode(io, call, code, message);
}

export function printCode(io: ConsoleIO, call: string, code: string, message?: string): void {
  if (code.startsWith('LAB_')) return printLabCode(io, call, code);
  io.print(io.t('error.failed', { call, code }), 'error');
  // an OS code no lesson names has no entry: the bridge's own words below are all there is
  for (const part of ['what', 'todo']) {
    const line = io.t(`errors:codes.${code}.${part}`, { defaultValue: '' });
    if (line) io.print(`  ${line}`, 'note');
  }
  // the bridge's own words add the detail (which address, which state)
  if (message && message !== code) io.print(`  (${message})`, 'note');
}

/** The lab's own refusals (LAB_*) are not lesson material: plain words in the page's language and
 * what to do (locales/<lang>/errors.json), never the code itself. */
function printLabCode(io: ConsoleIO, call: string, code: string): void {
  const what = io.t(`errors:codes.${code}.what`, { defaultValue: io.t('errors:unknown.what') });
  io.print(io.t('error.failed', { call, code: what }), 'error');
  const todo = io.t(`errors:codes.${code}.todo`, { defaultValue: '' });
  if (todo) io.print(`  ${todo}`, 'note');
}
