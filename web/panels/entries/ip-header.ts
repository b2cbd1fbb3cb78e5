// Lesson 1's IP header explorer: every field of the latest datagram (or segment) the page sent.
import { z } from '../../../protocol/zod.js';
import { definePanel, protoSchema } from '../entry.js';

export default definePanel({
  type: 'ip-header',
  spec: {
    /** Only the page's UDP (or TCP) sends; all when absent. */
    proto: z.optional(protoSchema),
  },
  Component: () => import.meta.glob('../../explorer/IpHeaderPanel.tsx', { import: 'IpHeaderPanel' }),
});
