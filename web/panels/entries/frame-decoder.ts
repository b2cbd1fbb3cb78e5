// Lesson 6: seed 002's frame decoder run on what each recv() returned, on both ends of the page's
// newest connection to a framed lab server, with send controls of its own.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'frame-decoder',
  spec: {
    /** The framed lab server (default framed-echo). */
    server: z.optional(LabServerNameSchema),
  },
  Component: () => import.meta.glob('../../framing/FrameDecoderPanel.tsx', { import: 'FrameDecoderPanel' }),
});
