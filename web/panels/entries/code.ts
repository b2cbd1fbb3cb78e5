// A listing of the lesson, its line lit by the latest socket call of the side it follows.
import { z } from '../../../protocol/zod.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'code',
  spec: {
    /** A listing of the lesson (lessons/NN-slug/<file>). */
    listing: z.string().check(z.regex(/^[\w.-]+\.py$/, 'a .py file of the lesson folder')),
    /** Which side's events light it. */
    follows: z.enum(['page', 'lab']),
  },
  Component: () => import.meta.glob('../CodePanel.tsx', { import: 'CodePanel', eager: true }),
  eager: true,
});
