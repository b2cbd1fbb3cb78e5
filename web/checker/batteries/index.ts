// Every "check my program" battery, one entry each (./<name>.ts, its shape in ./battery.ts): the
// list the check-program panel's schema (its `battery` names), the panel and the tests are built
// from. A new battery is a file here, a line below and its texts in checker.json (en, ko);
// test/conventions/registries.test.ts fails when one is missing.
import echoServer from './echo-server.js';
import pingerClient from './pinger-client.js';
import pingerServer from './pinger-server.js';
import tcpClient from './tcp-client.js';
import tcpServer from './tcp-server.js';
import udpClient from './udp-client.js';
import udpServer from './udp-server.js';
import type { Battery, ServerBattery, ServerCases } from './battery.js';

export type { Battery, ClientBattery, ClientCheck, ServerBattery, ServerCases } from './battery.js';

export const BATTERY_ENTRIES = [udpServer, tcpServer, echoServer, pingerServer, udpClient, tcpClient, pingerClient] as const;

type Entries = typeof BATTERY_ENTRIES;
export type BatteryName = Entries[number]['name'];
export type ServerBatteryName = Extract<Entries[number], { kind: 'server' }>['name'];

/** The names as a tuple, for `z.enum`. */
export const BATTERY_NAMES = BATTERY_ENTRIES.map((b) => b.name) as unknown as NamesOf<Entries>;
/** Mapped through a type parameter, so it stays a tuple. */
type NamesOf<T extends readonly unknown[]> = { -readonly [K in keyof T]: T[K] extends { name: infer N } ? N : never };

export const BATTERIES = Object.fromEntries(BATTERY_ENTRIES.map((b) => [b.name, b as Battery])) as Record<BatteryName, Battery>;

export function isServerBattery(battery: Battery): battery is ServerBattery {
  return battery.kind === 'server';
}

/** Every server battery's cases, loaded (for the tests, which take their time limits from them). */
export async function loadServerBatteries(): Promise<Record<ServerBatteryName, ServerCases>> {
  const servers = BATTERY_ENTRIES.filter((b): b is Extract<Entries[number], { kind: 'server' }> => b.kind === 'server');
  return Object.fromEntries(await Promise.all(servers.map(async (b) => [b.name, await b.load()] as const))) as Record<ServerBatteryName, ServerCases>;
}
