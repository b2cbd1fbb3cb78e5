// The panels a lesson can place in its text. lesson.yaml defines each panel by id; the Markdown
// places it with a line `::: panel <id>`. The types are inferred from the entries' schemas
// (./entries/), never written by hand.
import type { z } from '../../protocol/zod.js';
import type { PanelSpecSchema } from './entries/index.js';
import type { Target } from '../lab/targets.js';

export type { Target };

export type PanelSpec = z.infer<typeof PanelSpecSchema>;
export type PanelType = PanelSpec['type'];
/** The spec of one panel type: `SpecOf<'console'>`. */
export type SpecOf<T extends PanelType> = Extract<PanelSpec, { type: T }>;
