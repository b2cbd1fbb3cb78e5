// Seed 002's decoder put together a frame whose bytes came in two or more recv() calls (lesson 6).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { reassembled, frameRule } from '../../framing/framed-chunks.js';
import { defineRule } from './rule.js';

export default defineRule({
  name: 'frame-reassembled',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'framed-echo'), side: z._default(z.enum(['page', 'lab', 'any']), 'any') }),
  check: frameRule((run) => reassembled(run)?.step),
});
