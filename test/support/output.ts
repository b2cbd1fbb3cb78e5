// Waiting on what a child process prints: checked after each chunk of output, never on a timer.
import type { ChildProcess } from 'node:child_process';

/** Resolves 'ready' as soon as `ready()` holds (checked now and after each chunk the child prints),
 * 'exited' when the child's output ends without it, 'timeout' after `timeoutMs`. The caller's own
 * 'data' listeners, attached first, have collected the chunk by the time `ready()` runs. */
export function whenPrinted(child: ChildProcess, ready: () => boolean, timeoutMs: number): Promise<'ready' | 'exited' | 'timeout'> {
  return new Promise((resolve) => {
    const finish = (outcome: 'ready' | 'exited' | 'timeout') => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('close', closed);
      resolve(outcome);
    };
    const check = () => {
      if (ready()) finish('ready');
    };
    // 'close' comes after the last of the output, so a line printed just before exiting counts
    const closed = () => finish(ready() ? 'ready' : 'exited');
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('close', closed);
    check();
  });
}
