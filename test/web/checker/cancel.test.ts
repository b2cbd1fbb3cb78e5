// Cancelling: a wait on the LabClient ends when its signal aborts, and a battery stops between and
// inside its cases, so a cancelled check (a panel left, a test timed out) does not keep running.
import { describe, expect, it } from 'vitest';
import { LabClient, type WebSocketLike } from '../../../protocol/client.js';
import { runBattery, type CheckContext } from '../../../web/checker/index.js';
import type { CheckCase } from '../../../web/checker/types.js';
import { datagram } from '../../../web/checker/probes.js';

/** A bridge that never answers: every wait lasts until its timeout or its signal. */
const silent = (): WebSocketLike => ({ readyState: 1, send: () => undefined, close: () => undefined, addEventListener: () => undefined });

describe('cancelling', () => {
  it('ends a wait on the client at once when its signal aborts, with the reason', async () => {
    const client = new LabClient(silent());
    const controller = new AbortController();
    const waiting = client.next('udp.received', () => true, 60_000, controller.signal);
    controller.abort(new Error('panel closed'));
    await expect(waiting).rejects.toThrow('panel closed');
  });

  it('refuses to wait on a signal that has already aborted', async () => {
    const client = new LabClient(silent());
    await expect(client.next('hello', () => true, 60_000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops a battery inside a case and runs none of the cases after it', async () => {
    const client = new LabClient(silent());
    const controller = new AbortController();
    const ctx: CheckContext = { client, host: '127.0.0.1', port: 9, newId: (p) => p, waitMs: 60_000, labPorts: {}, signal: controller.signal };
    const ran: string[] = [];
    const cases: CheckCase[] = ['first', 'second'].map((id) => ({
      id,
      run: async (c) => {
        ran.push(id);
        await c.client.next('udp.received', () => true, c.waitMs, c.signal);
        return { case: id, ok: true, finding: { code: 'ok' } };
      },
    }));
    const run = runBattery(cases, ctx);
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).toEqual(['first']);
  });

  it('starts no probe once cancelled', async () => {
    const client = new LabClient(silent(), { timeoutMs: 60_000 });
    const ctx: CheckContext = { client, host: '127.0.0.1', port: 9, newId: (p) => p, waitMs: 60_000, labPorts: {}, signal: AbortSignal.abort() };
    await expect(datagram(ctx, new Uint8Array([1]))).rejects.toMatchObject({ name: 'AbortError' });
  });
});
