// What one "check my program" battery is: its name (what lesson.yaml's check-program panel writes),
// the textbook program it checks, and how: a server battery is cases the lab runs as the student's
// server's client; a client battery makes the lab the server the student's client talks to. Each
// battery is one entry in ./<name>.ts, listed once in ./index.ts (docs/lesson-format.md).
import type { ClientCheckOptions } from '../clients.js';
import type { CaseResult, CheckCase, CheckContext } from '../types.js';

interface BatteryBase<N extends string> {
  name: N;
  /** The textbook program it checks, a listing of the lesson (`python3 UDPServer.py`). */
  program: string;
}

/** A server battery's cases, and the longest they can take by design, in ms, with `waitMs` per
 * answer (the bridge's own time comes on top: the caller adds a margin). */
export interface ServerCases {
  cases: CheckCase[];
  budgetMs(waitMs: number): number;
}

export type ClientCheck = (ctx: CheckContext, options?: ClientCheckOptions) => Promise<CaseResult[]>;

// The entries are light (names and programs: the lesson schema and the page's first chunk hold
// them); what a battery runs loads when a check starts.
export interface ServerBattery<N extends string = string> extends BatteryBase<N> {
  kind: 'server';
  load(): Promise<ServerCases>;
}

export interface ClientBattery<N extends string = string> extends BatteryBase<N> {
  kind: 'client';
  load(): Promise<ClientCheck>;
}

export type Battery<N extends string = string> = ServerBattery<N> | ClientBattery<N>;

export function defineBattery<const B extends Battery>(battery: B): B {
  return battery;
}

/** Every other server case waits for at most three answers in turn (the echo battery's three lines on one connection). */
export const threeAnswersEach = (cases: CheckCase[]): ServerCases => ({ cases, budgetMs: (waitMs) => cases.length * 3 * waitMs });
