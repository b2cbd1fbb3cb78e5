// "Check my program": the lab runs a battery against the student's own server or client.
import { z } from '../../../protocol/zod.js';
import { BATTERY_NAMES } from '../../checker/batteries/index.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'check-program',
  spec: {
    battery: z.enum(BATTERY_NAMES),
    /** The port the student's program uses; the lab's own servers keep 12000. Default 12100. */
    port: z.optional(z.int().check(z.minimum(1024), z.maximum(65535))),
  },
  Component: () => import.meta.glob('../CheckProgramPanel.tsx', { import: 'CheckProgramPanel' }),
});
