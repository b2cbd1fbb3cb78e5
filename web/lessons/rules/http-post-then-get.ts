// A POST /questions answered 201, then a GET /questions whose response lists that question (lesson 8).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { httpPostThenGet } from '../../http/rules.js';
import { defineRule } from './rule.js';

export default defineRule({
  name: 'http-post-then-get',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'http-api') }),
  check: httpPostThenGet,
});
