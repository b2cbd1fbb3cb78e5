// Lesson 7: the page's player on the lab's game server (framed JSON): commands, arrow pad, frames.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'game',
  spec: {
    /** The lab's game server (default game). */
    server: z.optional(LabServerNameSchema),
  },
  Component: () => import.meta.glob('../../game/GamePanel.tsx', { import: 'GamePanel' }),
});
