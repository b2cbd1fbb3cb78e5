// Promise mode (a page without shared memory, channel.ts): in the Python worker, the call Python
// waits on, the sleep Stop may end early, and Stop itself. Each call carries a number the page's
// answer repeats: after Stop the page may still answer the call Stop interrupted, and that late
// answer must not be taken for the answer to the next run's first call.

export const INTERRUPTED = '{"error":"interrupted"}';

export class PromisedCalls {
  private waiting: { call: number; resolve: (text: string) => void } | undefined;
  private wake: (() => void) | undefined;
  private stopped = false;
  private calls = 0;

  /** `send` posts one call to the page. */
  constructor(private readonly send: (call: number, op: string, args: string) => void) {}

  /** One socket call; Python waits on it (run_sync). After Stop: "interrupted" at once. */
  call(op: string, args: string): Promise<string> {
    if (this.stopped) return Promise.resolve(INTERRUPTED);
    const call = ++this.calls;
    return new Promise((resolve) => {
      this.waiting = { call, resolve };
      this.send(call, op, args);
    });
  }

  /** The page's answer to call number `call`; one to a call no longer waited on is dropped. */
  answer(call: number, text: string): void {
    if (this.waiting?.call !== call) return;
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(text);
  }

  /** time.sleep: resolves true when the time is up, false when Stop ended it early. */
  sleep(seconds: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(true), Math.min(Math.max(0, seconds * 1000), 2 ** 31 - 1));
      this.wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
  }

  /** Stop: the waiting call ends "interrupted", a sleep ends, and so does every later call until
   * the next run. */
  stop(): void {
    this.stopped = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(INTERRUPTED);
    this.wake?.();
    this.wake = undefined;
  }

  /** A new run: calls go to the page again. */
  run(): void {
    this.stopped = false;
  }
}
