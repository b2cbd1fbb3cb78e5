// Starts the real bridge for one test file and connects pages to it that record every frame the
// bridge sends, so each test file can hold the bridge to the Event schema as a side effect.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { parseFrame } from '../../../protocol/codec.js';
import { BATCH_PARAM } from '../../../protocol/batch.js';
import { LabClient, LabError } from '../../../protocol/client.js';
import { wsText } from '../../../bridge/ws-text.js';
import { startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../../support/bridge-process.js';

export const INDEX_HTML = '<!doctype html><title>Socket Lab test page</title>';

export interface Lab {
  bridge: RunningBridge;
  /** Every text frame any page of this lab received, in arrival order. */
  frames: string[];
  /** Connects a page that records its frames; `ws` is the raw socket under the client. `batches`:
   * it accepts batches of events (protocol/batch.ts), as the web app does. */
  page(options?: { origin?: string; token?: string; batches?: boolean }): Promise<Page>;
  /** Fails the test if any frame the bridge sent does not parse as an Event or a batch of them. */
  expectValidFrames(): void;
  stop(): Promise<number | null>;
}

export interface Page {
  client: LabClient;
  ws: WebSocket;
  frames: string[];
}

/** Starts the bridge with the test lab servers on port 0 and a temporary built page. */
export async function startLab(extraArgs: string[] = [], options: { servers?: string[]; launcher?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Lab> {
  const dist = mkdtempSync(join(tmpdir(), 'socket-lab-dist-'));
  writeFileSync(join(dist, 'index.html'), INDEX_HTML);
  const bridge = await startBridgeProcess([...(options.servers ?? TEST_SERVER_FLAGS), '--dist', dist, ...extraArgs], options.env ?? {}, options.launcher);
  const frames: string[] = [];
  const pages: Page[] = [];
  return {
    bridge,
    frames,
    async page(opts = {}) {
      const own: string[] = [];
      let ws: WebSocket | undefined;
      const url = `${bridge.wsUrl}?token=${encodeURIComponent(opts.token ?? bridge.token)}${opts.batches ? `&${BATCH_PARAM}=1` : ''}`;
      const client = await LabClient.connect(url, (u) => {
        ws = new WebSocket(u, { origin: opts.origin ?? bridge.origin });
        // a refused handshake is reported by 'close' to the client; unheard, ws's 'error' would throw
        ws.on('error', () => {});
        // attached before the first frame, so hello is recorded too
        ws.on('message', (data, isBinary) => {
          const text = isBinary ? `<binary ${(data as Buffer).length} bytes>` : wsText(data);
          frames.push(text);
          own.push(text);
        });
        return ws;
      });
      const page = { client, ws: ws!, frames: own };
      pages.push(page);
      return page;
    },
    expectValidFrames() {
      const bad = frames.map((text) => ({ text, parsed: parseFrame(text) })).filter((f) => !f.parsed.ok);
      expect(bad.map((f) => `${f.text.slice(0, 200)} -> ${f.parsed.ok ? '' : f.parsed.message}`)).toEqual([]);
    },
    async stop() {
      for (const p of pages) p.client.close();
      const code = await bridge.stop();
      rmSync(dist, { recursive: true, force: true });
      return code;
    },
  };
}

/** Waits until `check` returns a value other than undefined/false, polling; fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with the rejection of `promise` (a LabError), failing if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error(`expected a refusal, got ${JSON.stringify(value)}`);
}

/** 'allowed' if `attempt` resolves, else the lab's error code (fixtures tabulate what a fence did). */
export async function outcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return 'allowed';
  } catch (error) {
    return error instanceof LabError ? error.code : String(error);
  }
}
