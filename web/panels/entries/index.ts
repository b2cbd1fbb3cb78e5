// Every panel a lesson can place, one entry each (./<type>.ts): the list the lesson schema, the
// spec types and the page's registry (../registry.ts) are built from. A new panel is a file here
// and a line below; test/conventions/registries.test.ts fails when a file is not listed.
import { z } from '../../../protocol/zod.js';
import type { PanelEntry } from '../entry.js';
import acceptTimeline from './accept-timeline.js';
import checkProgram from './check-program.js';
import checks from './checks.js';
import code from './code.js';
import console from './console.js';
import deployment from './deployment.js';
import encapsulation from './encapsulation.js';
import flow from './flow.js';
import frameDecoder from './frame-decoder.js';
import gameMap from './game-map.js';
import game from './game.js';
import httpForm from './http-form.js';
import ipHeader from './ip-header.js';
import pinger from './pinger.js';
import relay from './relay.js';
import sockets from './sockets.js';

export const PANEL_ENTRIES = [
  console,
  flow,
  sockets,
  code,
  checks,
  game,
  gameMap,
  httpForm,
  deployment,
  frameDecoder,
  acceptTimeline,
  ipHeader,
  encapsulation,
  checkProgram,
  relay,
  pinger,
] as const satisfies readonly PanelEntry[];

/** The entries' schemas, as a tuple (mapped through a type parameter, so it stays one). */
type SchemasOf<T extends readonly unknown[]> = { -readonly [K in keyof T]: T[K] extends { schema: infer S } ? S : never };
type Schemas = SchemasOf<typeof PANEL_ENTRIES>;

/** A panel of lesson.yaml: one of the entries' specs, told apart by `type`. */
export const PanelSpecSchema = z.discriminatedUnion('type', PANEL_ENTRIES.map((entry) => entry.schema) as unknown as Schemas);
