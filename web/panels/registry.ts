// Which component draws each panel type. Heavy panels (xterm's consoles, the flow diagram) are
// loaded when a lesson first shows one, so the first page stays small.
import { lazy, type ComponentType } from 'react';
import { ChecksPanel } from './ChecksPanel.js';
import { CodePanel } from './CodePanel.js';
import type { PanelSpec } from './types.js';

/** What every panel component receives: its spec from lesson.yaml and its id in the lesson. */
export interface PanelProps<S extends PanelSpec = PanelSpec> {
  spec: S;
  panelId: string;
}

type Registry = { [K in PanelSpec['type']]: ComponentType<PanelProps<Extract<PanelSpec, { type: K }>>> };

export const PANELS: Registry = {
  console: lazy(() => import('./ConsolePanel.js').then((m) => ({ default: m.ConsolePanel }))),
  flow: lazy(() => import('./FlowPanel.js').then((m) => ({ default: m.FlowPanel }))),
  sockets: lazy(() => import('./SocketsPanel.js').then((m) => ({ default: m.SocketsPanel }))),
  code: CodePanel,
  checks: ChecksPanel,
  'frame-decoder': lazy(() => import('../framing/FrameDecoderPanel.js').then((m) => ({ default: m.FrameDecoderPanel }))),
  'accept-timeline': lazy(() => import('../framing/AcceptTimelinePanel.js').then((m) => ({ default: m.AcceptTimelinePanel }))),
  'ip-header': lazy(() => import('../explorer/IpHeaderPanel.js').then((m) => ({ default: m.IpHeaderPanel }))),
  'check-program': lazy(() => import('./CheckProgramPanel.js').then((m) => ({ default: m.CheckProgramPanel }))),
  relay: lazy(() => import('../relay/RelayPanel.js').then((m) => ({ default: m.RelayPanel }))),
  pinger: lazy(() => import('../pinger/PingerPanel.js').then((m) => ({ default: m.PingerPanel }))),
  encapsulation: lazy(() => import('../explorer/EncapsulationPanel.js').then((m) => ({ default: m.EncapsulationPanel }))),
  game: lazy(() => import('../game/GamePanel.js').then((m) => ({ default: m.GamePanel }))),
  'game-map': lazy(() => import('../game/GameMapPanel.js').then((m) => ({ default: m.GameMapPanel }))),
  'http-form': lazy(() => import('../http/HttpFormPanel.js').then((m) => ({ default: m.HttpFormPanel }))),
  deployment: lazy(() => import('../http/DeploymentPanel.js').then((m) => ({ default: m.DeploymentPanel }))),
};
