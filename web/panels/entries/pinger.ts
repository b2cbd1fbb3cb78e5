// Lesson 9's pinger client: ten pings with a timeout, the summary and a chart.
import { z } from 'zod';
import { SOCKET_ID_PATTERN } from '../../../protocol/limits.js';
import { definePanel, TargetSchema } from '../entry.js';

export default definePanel({
  type: 'pinger',
  spec: {
    target: TargetSchema,
    /** Send through the relay with this socket id (started by a relay panel) instead. */
    relay: z.string().regex(SOCKET_ID_PATTERN).optional(),
    count: z.int().min(1).max(100).optional(),
    timeoutMs: z.int().min(100).max(10_000).optional(),
  },
  Component: () => import.meta.glob('../../pinger/PingerPanel.tsx', { import: 'PingerPanel' }),
});
