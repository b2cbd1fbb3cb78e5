// The game protocol's requests (lesson 7), after seed 002: each message is a JSON list whose first
// element names the command. Requests are parsed with JSON.parse and checked against these
// schemas, never evaluated: unlike pickle, JSON can only ever build plain data.
import { z } from 'zod';

/** How each command is written, for the error that explains a bad one. */
export const USAGE = {
  ver: '["ver"]',
  login: '["login", name, password] (optionally a 4th element: your client\'s version)',
  new: '["new", name, password] (optionally a 4th element: your client\'s version)',
  update: '["update"]',
  move: '["move", [dx, dy]] with dx and dy each -1, 0 or 1',
  get: '["get", name, "pos" | "visual" | "say"]',
  set: '["set", yourName, "visual", oneCharacter] or ["set", yourName, "say", text]',
} as const;
export type CommandName = keyof typeof USAGE;
export const COMMANDS = Object.keys(USAGE) as CommandName[];

const Name = z.string().regex(/^[\p{L}\p{N}_-]{1,16}$/u, 'a name is 1 to 16 letters, digits, "_" or "-"');
const Password = z.string().min(1, 'the password is empty').max(64, 'a password has at most 64 characters');
const ClientVersion = z.string().max(20).optional();
const Step = z.union([z.literal(-1), z.literal(0), z.literal(1)]);
/** One visible character (one code point, not a space or a control character). */
const Visual = z.string().refine((s) => /^[^\p{C}\p{Z}]$/u.test(s), 'visual is one visible character');
const Say = z.string().max(80, 'say holds at most 80 characters');

const SCHEMAS = {
  ver: z.tuple([z.literal('ver')]).transform(() => ({ kind: 'ver' as const })),
  login: z
    .tuple([z.literal('login'), Name, Password, ClientVersion])
    .transform(([, name, password, version]) => ({ kind: 'login' as const, name, password, version })),
  new: z
    .tuple([z.literal('new'), Name, Password, ClientVersion])
    .transform(([, name, password, version]) => ({ kind: 'new' as const, name, password, version })),
  update: z.tuple([z.literal('update')]).transform(() => ({ kind: 'update' as const })),
  move: z.tuple([z.literal('move'), z.tuple([Step, Step])]).transform(([, [dx, dy]]) => ({ kind: 'move' as const, dx, dy })),
  get: z.tuple([z.literal('get'), Name, z.enum(['pos', 'visual', 'say'])]).transform(([, name, attribute]) => ({ kind: 'get' as const, name, attribute })),
  set: z
    .union([z.tuple([z.literal('set'), Name, z.literal('visual'), Visual]), z.tuple([z.literal('set'), Name, z.literal('say'), Say])])
    .transform(([, name, attribute, value]) => ({ kind: 'set' as const, name, attribute, value })),
} satisfies Record<CommandName, z.ZodType>;

export type Command = z.output<(typeof SCHEMAS)[CommandName]>;

export type ParsedCommand = { ok: true; command: Command } | { ok: false; code: 'BAD_REQUEST' | 'UNKNOWN_COMMAND' | 'BAD_ARGUMENTS'; message: string };

/** Checks one decoded JSON value. Never throws. */
export function parseCommand(raw: unknown): ParsedCommand {
  if (!Array.isArray(raw) || typeof raw[0] !== 'string') {
    return { ok: false, code: 'BAD_REQUEST', message: 'a request is a JSON list whose first element is the command, e.g. ["ver"]' };
  }
  const name = raw[0];
  if (!(COMMANDS as string[]).includes(name)) {
    return { ok: false, code: 'UNKNOWN_COMMAND', message: `unknown command ${JSON.stringify(name.slice(0, 40))}; the commands are ${COMMANDS.join(', ')}` };
  }
  const result = SCHEMAS[name as CommandName].safeParse(raw);
  if (result.success) return { ok: true, command: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `element ${issue.path.join('.')}: ` : '';
  return { ok: false, code: 'BAD_ARGUMENTS', message: `${where}${issue?.message ?? 'does not fit'}; write ${USAGE[name as CommandName]}` };
}
