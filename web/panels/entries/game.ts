// Lesson 7: the page's player on the lab's game server (framed JSON): commands, arrow pad, frames.
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'game',
  spec: {
    /** The lab's game server (default game). */
    server: LabServerNameSchema.optional(),
  },
  Component: () => import.meta.glob('../../game/GamePanel.tsx', { import: 'GamePanel' }),
});
