// One recv() returned two or more whole frames: two sends arrived together (lesson 6).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { coalesced, frameRule } from '../../framing/framed-chunks.js';
import { defineRule } from './rule.js';

export default defineRule({
  name: 'frames-coalesced',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'framed-echo'), side: z._default(z.enum(['page', 'lab', 'any']), 'any') }),
  check: frameRule(coalesced),
});
