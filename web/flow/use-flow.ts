// The React side of the flow model: one FlowBuilder per panel, synced with the lab store at most
// REDRAW_MS apart (a person reads about ten arrows a second; redrawing on every frame of a flood
// only costs layout and paint), a frozen copy while paused, and the bridge's clock mapped to the
// time of day.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { LabState } from '../lab/state.js';
import { useLab } from '../lab/react.js';
import { FlowBuilder } from './model.js';
import type { FlowView } from './types.js';

export interface FlowState {
  view: FlowView;
  paused: boolean;
  /** Events that arrived since the view was paused. */
  newSincePause: number;
  pause: () => void;
  resume: () => void;
  /** Bridge time (µs) to milliseconds since the epoch, on this computer's clock. */
  wallTime: (t: number) => number;
}

const EXPIRE_EVERY_MS = 500;
/** The flow redraws at most this often; the first event after a quiet spell is drawn at once. */
export const REDRAW_MS = 100;

/** The lab state, updated at most every REDRAW_MS. */
function useThrottledState(lab: ReturnType<typeof useLab>): LabState {
  const [state, setState] = useState(() => lab.store.getState());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const update = () => {
      timer = undefined;
      last = performance.now();
      setState(lab.store.getState());
    };
    const unsubscribe = lab.store.subscribe(() => {
      if (timer !== undefined) return;
      const wait = last + REDRAW_MS - performance.now();
      if (wait <= 0) update();
      else timer = setTimeout(update, wait);
    });
    update();
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [lab]);
  return state;
}

/** `since`: draw only what trace entries numbered so or later did (undefined: all the trace). */
export function useFlow(filter: readonly string[] | undefined, since?: number): FlowState {
  const lab = useLab();
  const filterKey = (filter ?? []).join('\n');
  // a new model when the filter's contents or the window change, not the array's identity
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the filter's contents, not its identity (a new array each render)
  const builder = useMemo(() => new FlowBuilder({ filter, since }), [filterKey, since]);
  const state = useThrottledState(lab);
  // the builder is a cache of the trace: syncing twice with the same state changes nothing
  builder.sync(state);
  const [, redraw] = useReducer((n: number) => n + 1, 0);

  // bridge time has no date; anchor it to this computer's clock when an event is seen arriving
  const anchor = useRef<{ t: number; wall: number; live: boolean } | undefined>(undefined);
  if (!anchor.current || builder.now < anchor.current.t) anchor.current = { t: builder.now, wall: Date.now(), live: false };
  else if (!anchor.current.live && builder.now > anchor.current.t) anchor.current = { t: builder.now, wall: Date.now(), live: true };
  const wallTime = useCallback((t: number) => anchor.current!.wall + (t - anchor.current!.t) / 1000, []);

  // a datagram nobody reports receiving is declared lost after a while, even if all is quiet
  useEffect(() => {
    const timer = setInterval(() => {
      const a = anchor.current;
      if (a && builder.expire(a.t + (Date.now() - a.wall) * 1000)) redraw();
    }, EXPIRE_EVERY_MS);
    return () => clearInterval(timer);
  }, [builder]);

  const [frozen, setFrozen] = useState<{ view: FlowView; seq: number } | undefined>(undefined);
  const pause = useCallback(() => setFrozen((f) => f ?? { view: builder.snapshot(), seq: lab.store.getState().nextSeq }), [builder, lab]);
  const resume = useCallback(() => setFrozen(undefined), []);

  return {
    view: frozen?.view ?? builder.view(),
    paused: frozen !== undefined,
    newSincePause: frozen ? state.nextSeq - frozen.seq : 0,
    pause,
    resume,
    wallTime,
  };
}
