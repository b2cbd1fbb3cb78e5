// The batteries by name, for the "check my program" panel and the tests.
import { ECHO_SERVER_CASES, TCP_SERVER_CASES } from './tcp-server.js';
import { PINGER_SERVER_CASES } from './pinger-server.js';
import { UDP_SERVER_CASES } from './udp-server.js';
import type { CheckCase } from './types.js';

export const SERVER_BATTERIES = {
  'udp-server': UDP_SERVER_CASES,
  'tcp-server': TCP_SERVER_CASES,
  'echo-server': ECHO_SERVER_CASES,
  'pinger-server': PINGER_SERVER_CASES,
} satisfies Record<string, CheckCase[]>;

export { checkPingerClient, checkTcpClient, checkUdpClient } from './clients.js';
export { runBattery, type CaseResult, type CheckContext, type Finding, type RunControl } from './types.js';
