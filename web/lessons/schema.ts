// The schemas a lesson folder must satisfy (docs/lesson-format.md). Objects are strict, so a typo
// in a key ("lisitngs") is an error naming the key rather than a silently ignored field.
import { z } from '../../protocol/zod.js';
import type { SocketCall } from '../lab/calls.js';
import { PanelSpecSchema } from '../panels/entries/index.js';

const SOCKET_CALLS = ['socket', 'bind', 'sendto', 'recvfrom', 'connect', 'send', 'recv', 'listen', 'accept', 'shutdown', 'close'] as const satisfies readonly SocketCall[];
/** Compiles only when T is `true`: a check the compiler makes, with nothing left at run time. */
type Holds<T extends true> = T;
// every call of web/lab/calls.ts must be listed above: this line fails to compile otherwise
type _AllCallsListed = Holds<Exclude<SocketCall, (typeof SOCKET_CALLS)[number]> extends never ? true : false>;

/** Names a listing line can be tagged with: the socket calls, plus lines that follow a recv. */
export const LISTING_CALLS = [...SOCKET_CALLS, 'print', 'upper'] as const;
export type ListingCall = (typeof LISTING_CALLS)[number];

/** A string with at least one character. */
const nonEmpty = z.string().check(z.minLength(1));
const ID = /^[a-z0-9][a-z0-9-]*$/;
const id = (what: string) => z.string().check(z.regex(ID, `${what} ids are lowercase letters, digits and "-"`));

/** The panels of lesson.yaml: built from web/panels/entries/, one entry per panel type. */
export { PanelSpecSchema };

// ---- lesson.yaml ----------------------------------------------------------------------------------

const CheckDefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ id: id('check'), kind: z.literal('observe'), rule: nonEmpty, params: z._default(z.record(z.string(), z.unknown()), {}) }),
  z.strictObject({
    id: id('check'),
    kind: z.literal('quiz'),
    answer: z.int().check(z.minimum(0)),
    /** predict (default): asked before the experiment it is about; check: asked after it. */
    stage: z.optional(z.enum(['predict', 'check'])),
  }),
]);

export const LessonYamlSchema = z.strictObject({
  id: z.string().check(z.regex(/^\d\d-[a-z0-9-]+$/, 'an id is NN-slug, e.g. 03-udp')),
  order: z.int().check(z.minimum(0)),
  topics: z._default(z.array(nonEmpty), []),
  panels: z._default(z.record(id('panel'), PanelSpecSchema), {}),
  listings: z._default(
    z.record(
      z.string().check(z.regex(/^[\w.-]+\.py$/, 'a listing is a .py file of the lesson folder')),
      z.strictObject({ lines: z._default(z.partialRecord(z.enum(LISTING_CALLS), z.int().check(z.minimum(1))), {}) }),
    ),
    {},
  ),
  checks: z._default(z.array(CheckDefSchema), []),
});
export type LessonYaml = z.infer<typeof LessonYamlSchema>;

// ---- en.md / ko.md front matter ---------------------------------------------------------------------

export const ObserveTextSchema = z.strictObject({ question: nonEmpty, done: z.optional(nonEmpty) });
/** A quiz option: its text alone, or its text with what to tell a student who picks it. */
export const QuizOptionSchema = z.union([nonEmpty, z.strictObject({ text: nonEmpty, feedback: z.optional(nonEmpty) })]);
export type QuizOption = z.infer<typeof QuizOptionSchema>;
export const QuizTextSchema = z.strictObject({
  question: nonEmpty,
  options: z.array(QuizOptionSchema).check(z.minLength(2)),
  explain: nonEmpty,
});

/** Splits the options of the front matter into their texts and their feedback ('' where none). */
export function splitQuizOptions(options: readonly QuizOption[]): { options: string[]; feedback: string[] } {
  return {
    options: options.map((o) => (typeof o === 'string' ? o : o.text)),
    feedback: options.map((o) => (typeof o === 'string' ? '' : (o.feedback ?? ''))),
  };
}

/** The front matter of one language file; the check texts must match the checks of lesson.yaml. */
export function frontMatterSchema(checks: readonly { id: string; kind: 'observe' | 'quiz' }[]) {
  const texts = Object.fromEntries(checks.map((c) => [c.id, c.kind === 'quiz' ? QuizTextSchema : ObserveTextSchema]));
  return z.strictObject({
    title: nonEmpty,
    summary: z.optional(nonEmpty),
    goals: z._default(z.array(nonEmpty), []),
    checks: checks.length > 0 ? z.strictObject(texts) : z.optional(z.strictObject({})),
  });
}

/** Formats zod issues as "file: field.path: message", the form every lesson error takes. */
export function formatIssues(file: string, error: z.core.$ZodError, fieldPrefix?: string): string[] {
  return error.issues.map((issue) => {
    const field = [fieldPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return field ? `${file}: ${field}: ${issue.message}` : `${file}: ${issue.message}`;
  });
}

/** Parses with messages an author understands: a missing field says "Required". */
export function parseWith<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  file: string,
  fieldPrefix?: string,
): { ok: true; value: z.infer<S> } | { ok: false; errors: string[] } {
  const result = schema.safeParse(value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
  });
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: formatIssues(file, result.error, fieldPrefix) };
}
