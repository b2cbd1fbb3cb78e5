// The packet flow: every socket's lifeline, and the datagrams and segments between them.
import { z } from 'zod';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'flow',
  spec: {
    /** Only draw these sockets' lifelines (ids, or lab server names); all when absent. */
    filter: z.array(z.string().min(1)).optional(),
  },
  Component: () => import.meta.glob('../FlowPanel.tsx', { import: 'FlowPanel' }),
});
