// Seed 002's decoder put together a frame whose bytes came in two or more recv() calls (lesson 6).
import { z } from 'zod';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { reassembled, frameRule } from '../../framing/framed-chunks.js';
import { defineRule } from './rule.js';

export default defineRule({
  name: 'frame-reassembled',
  params: z.strictObject({ server: LabServerNameSchema.default('framed-echo'), side: z.enum(['page', 'lab', 'any']).default('any') }),
  check: frameRule((run) => reassembled(run)?.step),
});
