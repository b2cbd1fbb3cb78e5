// Which component draws each panel type, built from the entries (./entries/). Heavy panels
// (xterm's consoles, the flow diagram) are loaded when a lesson first shows one, so the first
// page stays small; `eager` entries come with the page.
import { lazy, type ComponentType } from 'react';
import { PANEL_ENTRIES } from './entries/index.js';
import type { PanelEntry } from './entry.js';
import type { PanelSpec, PanelType, SpecOf } from './types.js';

/** What every panel component receives: its spec from lesson.yaml and its id in the lesson. */
export interface PanelProps<S extends PanelSpec = PanelSpec> {
  spec: S;
  panelId: string;
}

/** The props of one panel type's component: `PanelProps<SpecOf<'console'>>`. */
export type PanelPropsOf<T extends PanelType> = PanelProps<SpecOf<T>>;

type Registry = { [K in PanelType]: ComponentType<PanelPropsOf<K>> };

/** The one module a glob of an entry names, and the export it imports. */
function componentOf(entry: PanelEntry): ComponentType<PanelProps> {
  const found = Object.values(entry.Component());
  if (found.length !== 1) throw new Error(`panel "${entry.type}": its Component names ${found.length} files, not 1`);
  if (entry.eager) return found[0] as ComponentType<PanelProps>;
  const load = found[0] as () => Promise<ComponentType<PanelProps>>;
  return lazy(() => load().then((Component) => ({ default: Component })));
}

export const PANELS = Object.fromEntries(PANEL_ENTRIES.map((entry) => [entry.type, componentOf(entry)])) as unknown as Registry;
