// The game server refused a command with LOGIN_REQUIRED: sent before logging in (lesson 7).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { gameRefusedBeforeLogin } from '../../game/rules.js';
import { defineRule } from './rule.js';

export default defineRule({
  name: 'game-refused-before-login',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'game') }),
  check: gameRefusedBeforeLogin,
});
