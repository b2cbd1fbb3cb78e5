// A request typed by hand in a console (not sent by the HTTP form) was answered 2xx (lesson 8).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { httpRawRequest } from '../../http/rules.js';
import { defineRule } from './rule.js';

export default defineRule({
  name: 'http-raw-request',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'http-api') }),
  check: httpRawRequest,
});
