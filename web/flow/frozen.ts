// The paused flow: a copy of the model's view that later events do not change (the live model
// keeps changing its rows: a pending datagram becomes delivered, a summary gains arrows).
import type { FlowView } from './types.js';

export function frozen(v: FlowView): FlowView {
  return {
    ...v,
    // a summary's arrows keep coming in the live model: the paused one steps through a copy
    rows: v.rows.map((r) => (r.kind === 'summary' ? { ...r, members: [...r.members] } : { ...r })),
    lifelines: new Map([...v.lifelines].map(([id, l]) => [id, { ...l }])),
    heldBack: { ...v.heldBack },
  };
}
