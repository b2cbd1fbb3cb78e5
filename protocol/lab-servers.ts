// The lab's own servers by name: a closed list both sides agree on. The bridge runs exactly these
// (bridge/lab/index.ts, held by test/bridge/lab-server-names.test.ts); a lesson, a panel or a
// check rule naming another ("udp-uper") fails the lesson build with its file and field.
import { z } from './zod.js';

export const LAB_SERVER_NAMES = [
  'udp-upper',
  'tcp-upper',
  'echo-udp',
  'echo-tcp',
  'echo-iterative',
  'echo-concurrent',
  'framed-echo',
  'game',
  'http-api',
  'pinger',
] as const;

export type LabServerName = (typeof LAB_SERVER_NAMES)[number];

export function isLabServerName(name: string): name is LabServerName {
  return (LAB_SERVER_NAMES as readonly string[]).includes(name);
}

/** A lab server's name in a lesson: a string that must be one of LAB_SERVER_NAMES. (Its type stays
 * `string`, so the panel and rule types written beside the schemas need no change.) */
export const LabServerNameSchema = z.string().check(
  z.refine((name): boolean => isLabServerName(name), {
    error: `not a lab server; the lab's servers are ${LAB_SERVER_NAMES.join(', ')}`,
  }),
);
