// Lesson 8: an HTTP request built from a form, sent over a real TCP connection, the raw bytes both ways.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'http-form',
  spec: {
    /** The lab's HTTP server (default http-api). */
    server: z.optional(LabServerNameSchema),
  },
  Component: () => import.meta.glob('../../http/HttpFormPanel.tsx', { import: 'HttpFormPanel' }),
});
