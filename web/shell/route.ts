// Hash routing: "#/03-udp" is lesson 03-udp. A lesson's link is shareable and never carries the
// launch token (that lives in localStorage, see web/lab/lab.ts readToken).
import { useSyncExternalStore } from 'react';

export function lessonHash(id: string): string {
  return `#/${id}`;
}

/** The lesson id a hash names, or undefined for an empty or foreign hash. */
export function lessonIdOf(hash: string): string | undefined {
  const m = /^#\/([\w-]+)\/?$/.exec(hash);
  return m?.[1];
}

/** The link to share for a lesson: this page's address without query (so never a token). */
export function shareUrl(location: Pick<Location, 'origin' | 'pathname'>, id: string): string {
  return `${location.origin}${location.pathname}${lessonHash(id)}`;
}

/** Which lesson to show: the one the hash names if it exists, else the first (lesson 0). */
export function resolveLesson(hash: string, ids: readonly string[]): string | undefined {
  const wanted = lessonIdOf(hash);
  return wanted && ids.includes(wanted) ? wanted : ids[0];
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current hash, re-rendering on change. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function goToLesson(id: string): void {
  window.location.hash = lessonHash(id);
}

/** Which page a path is: the lessons ("/"), the classroom's join page or the instructor's room.
 * Paths, not hashes: a student's link "/join" is what the instructor projects. */
export function pageOf(pathname: string): 'lab' | 'join' | 'room' {
  if (/^\/join\/?$/.test(pathname)) return 'join';
  if (/^\/room\/?$/.test(pathname)) return 'room';
  return 'lab';
}
