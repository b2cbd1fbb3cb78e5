// The flow the page would draw from the frames a test page received from the real bridge, and what
// exporting it needs: the trace's events by number, and bridge time on a wall clock.
import { parseFrame } from '../../protocol/codec.js';
import { FlowBuilder } from '../../web/flow/model.js';
import { initialState, reduce } from '../../web/lab/state.js';
import type { ExportInput } from '../../web/pcap/export.js';
import { t } from './fixtures.js';

export function labExport(frames: string[]): ExportInput {
  const events = frames.flatMap((f) => {
    const parsed = parseFrame(f);
    return parsed.ok ? parsed.value : [];
  });
  const state = reduce(initialState, { type: 'events', events });
  const builder = new FlowBuilder({ lostAfterUs: 1e12 });
  builder.sync(state);
  const bySeq = new Map(state.trace.map((e) => [e.seq, e.event]));
  const wall = Date.now();
  return { view: builder.view(), eventOf: (seq) => (seq === undefined ? undefined : bySeq.get(seq)), wallTime: (us) => wall + (us - builder.now) / 1000, t };
}
