// Lesson 7: the map of everyone online, from the page's player's ["update"] replies.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { definePanel } from '../entry.js';

export default definePanel({
  type: 'game-map',
  spec: { server: z.optional(LabServerNameSchema) },
  Component: () => import.meta.glob('../../game/GameMapPanel.tsx', { import: 'GameMapPanel' }),
});
