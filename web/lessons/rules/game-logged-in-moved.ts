// On one page connection to the game server: a login (or new) answered [true], then a move answered [true] (lesson 7).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { gameLoggedInMoved } from '../../game/rules.js';
import { defineRule } from './rule.js';

export default defineRule({
  name: 'game-logged-in-moved',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'game') }),
  check: gameLoggedInMoved,
});
