// The framed server's decoder refused a bad frame (bad size, too large, not UTF-8).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { runDecoder, framedChunks } from '../../framing/framed-chunks.js';
import { NOT_YET, passed, serverNamed, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'frame-rejected',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'framed-echo') }),
  check: frameRejected,
});

function frameRejected(input: RuleInput, { server }: { server: string }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  const seqs = framedChunks(input, lab, 'lab').flatMap((chunks) => runDecoder(chunks).steps.find((s) => s.items.some((x) => x.kind === 'error'))?.chunk.seq ?? []);
  return seqs.length === 0 ? NOT_YET : passed(Math.min(...seqs));
}
