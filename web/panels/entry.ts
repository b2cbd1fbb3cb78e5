/// <reference types="vite/client" />
// What one panel is: its type (the word lesson.yaml writes), the schema of its spec, and the
// component that draws it. Each panel is one such entry in entries/<type>.ts, listed once in
// entries/index.ts; the lesson schema, the spec types and the page's registry are built from the
// list (docs/lesson-format.md "Adding a panel").
//
// The component is named through Vite's `import.meta.glob`, not `import()`: the lesson loader runs
// the entries at build time in Node (vite.config.ts), where no component may load, and Vite turns
// the glob into the lazily loaded chunk (or, `eager`, the static import) the page needs.
import { z } from '../../protocol/zod.js';
import { LabServerNameSchema } from '../../protocol/lab-servers.js';

export interface PanelEntry<T extends string = string, S extends z.ZodMiniObject = z.ZodMiniObject> {
  type: T;
  /** The spec's schema: strict, with `type` as its literal. */
  schema: S;
  /** `import.meta.glob` of the component's file, with `import` naming its export. */
  Component: () => Record<string, unknown>;
  /** Loaded with the page rather than when a lesson first shows one: for small, common panels. */
  eager?: boolean;
}

/** An entry from its type and the fields of its spec (strict: an unknown key is an error naming it). */
export function definePanel<T extends string, Shape extends z.core.$ZodShape>(entry: {
  type: T;
  spec: Shape;
  Component: () => Record<string, unknown>;
  eager?: boolean;
}) {
  const schema = z.extend(z.strictObject({ type: z.literal(entry.type) }), entry.spec);
  return { type: entry.type, schema, Component: entry.Component, eager: entry.eager } satisfies PanelEntry<T>;
}

export const port = z.int().check(z.minimum(0), z.maximum(65535));

/** Where a panel sends: a lab server by name, or an explicit address (web/lab/targets.ts). */
export const TargetSchema = z.union([z.strictObject({ server: LabServerNameSchema }), z.strictObject({ host: z.string().check(z.minLength(1)), port })]);

export const protoSchema = z.enum(['udp', 'tcp']);
