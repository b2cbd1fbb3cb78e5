// Placeholder while the panel is written.
import type { PanelProps } from '../panels/registry.js';

export function IpHeaderPanel({ panelId }: PanelProps) {
  return <p className="panel-loading">{panelId}</p>;
}
