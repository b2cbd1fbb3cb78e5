// The chunks each connection to a framed lab server received, read from the trace, and the shape of
// the observe rules over them (frame-reassembled, frames-coalesced, frame-rejected: lesson 6).
import { base64ToBytes } from '../../protocol/base64.js';
import type { LabServerStatus } from '../../protocol/messages.js';
import { NOT_YET, passed, serverNamed, isPage, type RuleInput, type RuleResult } from '../lessons/rules/rule.js';
import { runDecoder, reassembled, coalesced, type Chunk, type DecodeStep } from './decoder-run.js';

export { runDecoder, reassembled, coalesced };

export function framedChunks(input: RuleInput, lab: LabServerStatus, side: 'page' | 'lab' | 'any'): Chunk[][] {
  const ours = new Set<string>();
  const chunks = new Map<string, Chunk[]>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock) && e.remote.port === lab.port && side !== 'lab') ours.add(e.sock);
    else if (e.type === 'tcp.accepted' && e.sock === lab.sock && side !== 'page') ours.add(e.conn);
    else if (e.type === 'tcp.received' && ours.has(e.sock)) {
      const list = chunks.get(e.sock) ?? [];
      list.push({ seq, t: e.t, bytes: base64ToBytes(e.data) });
      chunks.set(e.sock, list);
    }
  }
  return [...chunks.values()];
}

export function frameRule(find: (run: ReturnType<typeof runDecoder>) => DecodeStep | undefined) {
  return (input: RuleInput, { server, side }: { server: string; side: 'page' | 'lab' | 'any' }): RuleResult => {
    const lab = serverNamed(input, server);
    if (!lab) return NOT_YET;
    const seqs = framedChunks(input, lab, side).flatMap((chunks) => find(runDecoder(chunks))?.chunk.seq ?? []);
    return seqs.length === 0 ? NOT_YET : passed(Math.min(...seqs));
  };
}
