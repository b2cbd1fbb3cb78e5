// The batteries by name (./batteries/), for the "check my program" panel and the tests.
export {
  BATTERIES,
  BATTERY_NAMES,
  isServerBattery,
  loadServerBatteries,
  type Battery,
  type BatteryName,
  type ServerBatteryName,
  type ServerCases,
} from './batteries/index.js';
export { checkPingerClient, checkTcpClient, checkUdpClient } from './clients.js';
export { runBattery, type CaseResult, type CheckContext, type Finding } from './types.js';
