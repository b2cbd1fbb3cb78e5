// The batteries by name (./batteries/), for the "check my program" panel and the tests.
import { BATTERIES, BATTERY_ENTRIES, type ServerBatteryName } from './batteries/index.js';
import type { ServerBattery } from './batteries/battery.js';
import type { CheckCase } from './types.js';

export { BATTERIES, BATTERY_NAMES, isServerBattery, type Battery, type BatteryName, type ServerBatteryName } from './batteries/index.js';

/** The server batteries' cases by name. */
export const SERVER_BATTERIES = Object.fromEntries(
  BATTERY_ENTRIES.filter((b): b is Extract<(typeof BATTERY_ENTRIES)[number], { kind: 'server' }> => b.kind === 'server').map((b) => [b.name, b.cases]),
) as Record<ServerBatteryName, CheckCase[]>;

/** The longest a server battery can take by design, in ms, with `waitMs` per answer (see each
 * battery's budgetMs). The time the bridge takes to answer comes on top: the caller adds a margin. */
export function batteryBudgetMs(name: ServerBatteryName, waitMs: number): number {
  return (BATTERIES[name] as ServerBattery).budgetMs(waitMs);
}

export { checkPingerClient, checkTcpClient, checkUdpClient } from './clients.js';
export { runBattery, type CaseResult, type CheckContext, type Finding } from './types.js';
