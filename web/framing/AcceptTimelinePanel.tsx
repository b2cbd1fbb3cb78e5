import type { PanelProps } from '../panels/registry.js';
import type { AcceptTimelinePanelSpec } from '../panels/types.js';

export function AcceptTimelinePanel({ panelId }: PanelProps<AcceptTimelinePanelSpec>) {
  return <p className="panel-loading">Accept timeline {panelId}</p>;
}
