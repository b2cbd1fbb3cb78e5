// Resident memory per idle session: open many WebSocket sessions, each holding one UDP socket
// (udp.open), and read the relay process's VmRSS before and after.
import type WebSocket from 'ws';
import { openLabSocket, request, type WsEndpoint } from './channels.js';
import { rssKb, sleep } from './stats.js';

export interface IdleResult {
  sessions: number;
  beforeKb: number;
  afterKb: number;
  perSessionKb: number;
}

/** Waits until RSS stops moving (the heap settles after a burst of handshakes), at most ~2 s. */
async function settledRss(pid: number): Promise<number> {
  let last = rssKb(pid);
  for (let i = 0; i < 10; i++) {
    await sleep(200);
    const now = rssKb(pid);
    if (Math.abs(now - last) < 64) return now;
    last = now;
  }
  return last;
}

async function openIdle(endpoint: WsEndpoint, index: number): Promise<WebSocket> {
  const ws = await openLabSocket(endpoint);
  await request(ws, { type: 'udp.open', sock: `idle${index}` }, 'udp.bound');
  return ws;
}

/** Opens `count` sessions in batches, measures, then closes them all. Bounded by `budgetMs`. */
export async function idleSessions(endpoint: WsEndpoint, pid: number, count: number, budgetMs: number): Promise<IdleResult> {
  const open: WebSocket[] = [];
  try {
    // one session first, so the code paths are compiled and the heap has seen a session
    open.push(await openIdle(endpoint, 0));
    await sleep(300);
    const beforeKb = await settledRss(pid);
    const deadline = performance.now() + budgetMs;
    const batch = 50;
    const start = open.length;
    while (open.length - start < count && performance.now() < deadline) {
      const n = Math.min(batch, count - (open.length - start));
      open.push(...(await Promise.all(Array.from({ length: n }, (_, i) => openIdle(endpoint, open.length + i)))));
    }
    const sessions = open.length - start;
    const afterKb = await settledRss(pid);
    return { sessions, beforeKb, afterKb, perSessionKb: (afterKb - beforeKb) / sessions };
  } finally {
    for (const ws of open) ws.terminate();
    await sleep(500);
  }
}
