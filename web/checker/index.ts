// The batteries by name, for the "check my program" panel and the tests.
import { ECHO_SERVER_CASES, TCP_SERVER_CASES } from './tcp-server.js';
import { PINGER_SERVER_CASES, PINGER_SERVER_PINGS } from './pinger-server.js';
import { UDP_SERVER_CASES } from './udp-server.js';
import type { CheckCase } from './types.js';

export const SERVER_BATTERIES = {
  'udp-server': UDP_SERVER_CASES,
  'tcp-server': TCP_SERVER_CASES,
  'echo-server': ECHO_SERVER_CASES,
  'pinger-server': PINGER_SERVER_CASES,
} satisfies Record<string, CheckCase[]>;

/** The longest a server battery can take by design, in ms, with `waitMs` per answer: the pinger
 * sends its pings one after the other, each waiting at most a second; every other case waits for
 * at most three answers in turn (the echo battery's three lines on one connection). The time the
 * bridge takes to answer comes on top: the caller adds a margin. */
export function batteryBudgetMs(name: keyof typeof SERVER_BATTERIES, waitMs: number): number {
  if (name === 'pinger-server') return PINGER_SERVER_PINGS * Math.min(waitMs, 1000);
  return SERVER_BATTERIES[name].length * 3 * waitMs;
}

export { checkPingerClient, checkTcpClient, checkUdpClient } from './clients.js';
export { runBattery, type CaseResult, type CheckContext, type Finding } from './types.js';
