// The packet flow: every socket's lifeline, and the datagrams and segments between them.
import { z } from '../../../protocol/zod.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'flow',
  spec: {
    /** Only draw these sockets' lifelines (ids, or lab server names); all when absent. */
    filter: z.optional(z.array(z.string().check(z.minLength(1)))),
  },
  Component: () => import.meta.glob('../FlowPanel.tsx', { import: 'FlowPanel' }),
});
