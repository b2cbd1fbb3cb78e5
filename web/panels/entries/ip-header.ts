// Lesson 1's IP header explorer: every field of the latest datagram (or segment) the page sent.
import { definePanel, protoSchema } from '../entry.js';

export default definePanel({
  type: 'ip-header',
  spec: {
    /** Only the page's UDP (or TCP) sends; all when absent. */
    proto: protoSchema.optional(),
  },
  Component: () => import.meta.glob('../../explorer/IpHeaderPanel.tsx', { import: 'IpHeaderPanel' }),
});
