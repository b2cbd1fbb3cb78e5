// One recv() returned two or more whole frames: two sends arrived together (lesson 6).
import { z } from 'zod';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { coalesced, frameRule } from '../../framing/framed-chunks.js';
import { defineRule } from './rule.js';

export default defineRule({
  name: 'frames-coalesced',
  params: z.strictObject({ server: LabServerNameSchema.default('framed-echo'), side: z.enum(['page', 'lab', 'any']).default('any') }),
  check: frameRule(coalesced),
});
