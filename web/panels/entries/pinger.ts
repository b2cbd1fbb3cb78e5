// Lesson 9's pinger client: ten pings with a timeout, the summary and a chart.
import { z } from '../../../protocol/zod.js';
import { SOCKET_ID_PATTERN } from '../../../protocol/limits.js';
import { definePanel, TargetSchema } from '../entry.js';

export default definePanel({
  type: 'pinger',
  spec: {
    target: TargetSchema,
    /** Send through the relay with this socket id (started by a relay panel) instead. */
    relay: z.optional(z.string().check(z.regex(SOCKET_ID_PATTERN))),
    count: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
    timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(10_000))),
  },
  Component: () => import.meta.glob('../../pinger/PingerPanel.tsx', { import: 'PingerPanel' }),
});
