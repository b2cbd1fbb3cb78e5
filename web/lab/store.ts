// A small external store for React's useSyncExternalStore. Bridge events are queued and folded in
// once per animation frame, so a burst of thousands of events a second costs one render a frame.
import type { Event } from '../../protocol/messages.js';
import { initialState, reduce, type Action, type LabState } from './state.js';

type Schedule = (flush: () => void) => void;

const defaultSchedule: Schedule = typeof requestAnimationFrame === 'function' ? (f) => requestAnimationFrame(() => f()) : (f) => setTimeout(f, 16);

export class LabStore {
  private state: LabState;
  private readonly listeners = new Set<() => void>();
  private queue: Event[] = [];
  private scheduled = false;

  constructor(
    state: LabState = initialState,
    private readonly schedule: Schedule = defaultSchedule,
  ) {
    this.state = state;
  }

  getState = (): LabState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Applies an action now. */
  dispatch(action: Action): void {
    this.flush();
    this.set(reduce(this.state, action));
  }

  /** Queues a bridge event; queued events are applied together on the next frame. */
  push(event: Event): void {
    this.queue.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Applies queued events at once (tests, and before any other action). */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const events = this.queue;
    this.queue = [];
    this.set(reduce(this.state, { type: 'events', events }));
  }

  private set(next: LabState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
