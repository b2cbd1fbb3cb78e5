// A student's edit of a listing, kept in the browser: the editor (ProgramPanel) writes it, "check my
// program" runs it. Apart from the runner, so a lesson's panels can read it without fetching Python's
// host (page-run.ts) before a program runs.

/** Where a student's edit of a listing is kept (ProgramPanel writes it). */
export const PROGRAM_STORAGE_PREFIX = 'socket-lab.program.';

/** The storage key of a student's edit of one listing of one lesson. */
export function programKey(lessonId: string, file: string): string {
  return `${PROGRAM_STORAGE_PREFIX}${lessonId}/${file}`;
}

/** The program in the editor: the student's kept edit of the listing, or the listing itself. */
export function editedSource(lessonId: string, file: string, original: string | undefined): string | undefined {
  try {
    return localStorage.getItem(programKey(lessonId, file)) ?? original;
  } catch {
    return original;
  }
}
