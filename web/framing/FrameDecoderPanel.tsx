import type { PanelProps } from '../panels/registry.js';
import type { FrameDecoderPanelSpec } from '../panels/types.js';

export function FrameDecoderPanel({ panelId }: PanelProps<FrameDecoderPanelSpec>) {
  return <p className="panel-loading">Frame decoder {panelId}</p>;
}
