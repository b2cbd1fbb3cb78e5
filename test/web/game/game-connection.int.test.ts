// The page's game client against the real game server, through the real bridge: two players, as
// two pages would be, each with its own bridge session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import { GameConnection } from '../../../web/game/game-connection.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';

let bridge: RunningBridge;
const clients: LabClient[] = [];
const conns: GameConnection[] = [];

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
});
afterAll(() => {
  for (const c of conns) c.dispose();
  for (const c of clients) c.close();
});

let ids = 0;
async function page(): Promise<GameConnection> {
  const client = await bridge.connect();
  clients.push(client);
  const conn = new GameConnection({ ready: () => Promise.resolve(client), newSocketId: (p) => `${p}-${++ids}`, servers: () => client.hello!.servers });
  conns.push(conn);
  return conn;
}

const result = async (p: Promise<import('../../../web/game/game-connection.js').Outcome>) => {
  const outcome = await p;
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome.reply;
};

describe('GameConnection on the real game server', () => {
  it('connects on the first request, and a move before login is refused with LOGIN_REQUIRED', async () => {
    const conn = await page();
    expect(conn.getSnapshot().status).toBe('idle');
    expect(await result(conn.send(['ver']))).toEqual({ ok: true, result: '1.0', flags: [] });
    expect(conn.getSnapshot()).toMatchObject({ status: 'open', player: undefined });
    const refused = await result(conn.send(['move', [1, 0]]));
    expect(refused).toMatchObject({ ok: false, error: { error: 'LOGIN_REQUIRED' } });
    const log = conn.getSnapshot().log;
    expect(log.map((e) => e.dir)).toEqual(['out', 'in', 'out', 'in']);
    expect(log.slice(0, 3).map((e) => e.frame?.raw)).toEqual(['7 ["ver"]', '7 ["1.0"]', '14 ["move",[1,0]]']);
    expect(log[3]!.frame!.raw).toMatch(/^\d+ \[\{"error":"LOGIN_REQUIRED"/);
  });

  it("lets two players see each other move, with the map flag on the other's next reply", async () => {
    const ann = await page();
    const bob = await page();
    const suffix = Date.now() % 100000;
    expect(await result(ann.send(['new', `ann${suffix}`, 'pw']))).toMatchObject({ ok: true, result: true });
    expect(await result(bob.send(['new', `bob${suffix}`, 'pw']))).toMatchObject({ ok: true, result: true });
    expect(ann.getSnapshot().player).toBe(`ann${suffix}`);

    await result(bob.send(['update']));
    const before = bob.getSnapshot().map!.players.find((p) => p.name === `ann${suffix}`)!.pos;
    // ann steps somewhere free: right, or down when right is blocked
    let moved = await result(ann.send(['move', [1, 0]]));
    if (!moved.ok) moved = await result(ann.send(['move', [0, 1]]));
    expect(moved.ok).toBe(true);

    // the server cannot tell bob by itself (it never speaks first): the flag rides on his next reply
    expect((await result(bob.send(['ver']))).flags).toEqual(['map']);
    const reply = await result(bob.send(['update'], { auto: true }));
    expect(reply.flags).toEqual([]);
    const after = bob.getSnapshot().map!.players.find((p) => p.name === `ann${suffix}`)!.pos;
    expect(after).not.toEqual(before);
    expect(bob.getSnapshot().updates).toBe(2);
    expect(
      bob
        .getSnapshot()
        .log.filter((e) => e.auto)
        .map((e) => e.dir),
    ).toEqual(['out', 'in']);
  });

  it("skips an automatic request while another waits, and sends the student's in order", async () => {
    const conn = await page();
    const first = conn.send(['ver']);
    const skipped = await conn.send(['update'], { auto: true });
    expect(skipped).toMatchObject({ ok: false, code: 'BUSY' });
    const second = conn.send(['move', [0, 1]]);
    expect((await first).ok).toBe(true);
    expect(await result(second)).toMatchObject({ ok: false, error: { error: 'LOGIN_REQUIRED' } });
  });

  it('sees the connection close, forgets the login, and connects again on the next request', async () => {
    const conn = await page();
    await result(conn.send(['new', `cy${Date.now() % 100000}`, 'pw']));
    const firstSock = conn.getSnapshot().sock;
    conn.close();
    expect(conn.getSnapshot()).toMatchObject({ status: 'closed', player: undefined });
    expect(await result(conn.send(['update']))).toMatchObject({ ok: false, error: { error: 'LOGIN_REQUIRED' } });
    expect(conn.getSnapshot().sock).not.toBe(firstSock);
  });

  it('shows the client flag on every reply after logging in with another version', async () => {
    const conn = await page();
    expect(await result(conn.send(['new', `old${Date.now() % 100000}`, 'pw', '0.9']))).toEqual({ ok: true, result: true, flags: ['client'] });
    expect((await result(conn.send(['ver']))).flags).toEqual(['client']);
  });
});
