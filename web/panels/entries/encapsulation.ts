// The same send as nested boxes: application bytes in a UDP/TCP header in an IP header in a link frame.
import { z } from '../../../protocol/zod.js';
import { definePanel, protoSchema } from '../entry.js';

export default definePanel({
  type: 'encapsulation',
  spec: { proto: z.optional(protoSchema) },
  Component: () => import.meta.glob('../../explorer/EncapsulationPanel.tsx', { import: 'EncapsulationPanel' }),
});
