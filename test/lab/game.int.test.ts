import { afterEach, describe, expect, it } from 'vitest';
import { anyString } from '../support/matchers.js';
import { gameServer } from '../../bridge/lab/game.js';
import { expectValidEvents, runLab, TestClient, waitFor, type LabRun } from './support.js';

let lab: LabRun | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await lab?.close();
  lab = undefined;
});

/** A player's connection: one request, one framed JSON reply. */
class Player {
  private read = 0;
  constructor(readonly client: TestClient) {}
  async ask(request: unknown): Promise<unknown[]> {
    this.client.sendFrame(typeof request === 'string' ? request : JSON.stringify(request));
    return this.next();
  }
  async next(): Promise<unknown[]> {
    await this.client.waitFrames(this.read + 1);
    return JSON.parse(this.client.frameTexts[this.read++]!) as unknown[];
  }
}

async function start(): Promise<() => Promise<Player>> {
  lab = await runLab(gameServer);
  const port = lab.port;
  return async () => {
    const c = await TestClient.connect(port);
    clients.push(c);
    return new Player(c);
  };
}

const error = (code: string): unknown => expect.objectContaining({ error: code, message: anyString() });
type Update = { size: number[]; players: { name: string; pos: number[] }[] };
const positions = (reply: unknown[]) => Object.fromEntries((reply[0] as Update).players.map((p) => [p.name, p.pos]));

describe('game server', () => {
  it('answers ver before login and refuses a command that needs a login', async () => {
    const join = await start();
    const p = await join();
    expect(await p.ask(['ver'])).toEqual(['1.0']);
    const [refusal] = await p.ask(['move', [1, 0]]);
    expect(refusal).toEqual(error('LOGIN_REQUIRED'));
    expect((refusal as { message: string }).message).toMatch(/log in first/);
    expect(await p.ask(['update'])).toEqual([error('LOGIN_REQUIRED')]);
  });

  it('creates a player with new, logs back in with the right password only, and refuses a second login', async () => {
    const join = await start();
    const a = await join();
    expect(await a.ask(['new', 'ann', 'secret'])).toEqual([true]);
    expect(await a.ask(['new', 'ann', 'again'])).toEqual([error('ALREADY_LOGGED_IN')]);
    const b = await join();
    expect(await b.ask(['new', 'ann', 'x'])).toEqual([error('NAME_TAKEN')]);
    expect(await b.ask(['login', 'ann', 'wrong'])).toEqual([error('BAD_LOGIN')]);
    expect(await b.ask(['login', 'nobody', 'secret'])).toEqual([error('BAD_LOGIN')]);
    expect(await b.ask(['login', 'ann', 'secret'])).toEqual([error('ALREADY_ONLINE')]);
    a.client.destroy();
    await waitFor(() => lab!.of('socket.closed').length === 1, 'ann to leave');
    expect(await b.ask(['login', 'ann', 'secret'])).toEqual([true]);
  });

  it('lets two players see each other move: the map flag on the next reply, the position on update', async () => {
    const join = await start();
    const a = await join();
    const b = await join();
    expect(await a.ask(['new', 'ann', 'pw'])).toEqual([true]);
    expect(await b.ask(['new', 'bob', 'pw'])).toEqual([true]);
    // bob joined after ann: ann's next reply says the map changed
    expect(await a.ask(['ver'])).toEqual(['1.0', 'map']);
    const start0 = positions(await a.ask(['update']));
    expect(Object.keys(start0).sort()).toEqual(['ann', 'bob']);
    expect(start0.ann).not.toEqual(start0.bob);

    expect(await b.ask(['move', [0, 1]])).toEqual([true]);
    const seen = await a.ask(['update']);
    expect(seen).toHaveLength(1); // update is the fresh state: no flag needed
    expect(positions(seen).bob).toEqual([start0.bob![0], start0.bob![1]! + 1]);

    expect(await a.ask(['move', [0, 1]])).toEqual([true]);
    expect(await b.ask(['get', 'ann', 'pos'])).toEqual([[start0.ann![0], start0.ann![1]! + 1], 'map']);
    expect(await b.ask(['get', 'ann', 'pos'])).toHaveLength(1); // the flag is said once
    expectValidEvents(lab!.events);
  });

  it('keeps players on the map and off each other', async () => {
    const join = await start();
    const a = await join();
    const b = await join();
    await a.ask(['new', 'ann', 'pw']);
    await b.ask(['new', 'bob', 'pw']);
    // ann stands at (0, 0) and bob at (1, 0): the first free cells
    expect(positions(await a.ask(['update']))).toEqual({ ann: [0, 0], bob: [1, 0] });
    expect(await a.ask(['move', [-1, 0]])).toEqual([error('OFF_MAP')]);
    expect(await a.ask(['move', [1, 0]])).toEqual([error('OCCUPIED')]);
    expect(await a.ask(['move', [2, 0]])).toEqual([error('BAD_ARGUMENTS')]);
  });

  it('sets only your own attributes and shows them to others', async () => {
    const join = await start();
    const a = await join();
    const b = await join();
    await a.ask(['new', 'ann', 'pw']);
    await b.ask(['new', 'bob', 'pw']);
    expect(await a.ask(['set', 'ann', 'say', '안녕'])).toEqual([true, 'map']);
    expect(await a.ask(['set', 'bob', 'say', 'hi'])).toEqual([error('NOT_YOURS')]);
    expect(await a.ask(['set', 'ann', 'visual', 'too long'])).toEqual([error('BAD_ARGUMENTS')]);
    expect(await b.ask(['get', 'ann', 'say'])).toEqual(['안녕', 'map']);
    expect(await b.ask(['get', 'carol', 'say'])).toEqual([error('NO_SUCH_PLAYER')]);
  });

  it('flags every reply with "client" when the version given at login is not the server\'s', async () => {
    const join = await start();
    const p = await join();
    expect(await p.ask(['new', 'old', 'pw', '0.9'])).toEqual([true, 'client']);
    expect(await p.ask(['ver'])).toEqual(['1.0', 'client']);
  });

  it('answers bad JSON and an unknown command to that client only, and every other client carries on', async () => {
    const join = await start();
    const bad = await join();
    const good = await join();
    await good.ask(['new', 'gus', 'pw']);
    expect(await bad.ask('{"not json')).toEqual([error('BAD_JSON')]);
    expect(await bad.ask(['dance'])).toEqual([error('UNKNOWN_COMMAND')]);
    expect(await bad.ask({ cmd: 'ver' })).toEqual([error('BAD_REQUEST')]);
    expect(await bad.ask('["__proto__", {"polluted": true}]')).toEqual([error('UNKNOWN_COMMAND')]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await good.ask(['move', [0, 1]])).toEqual([true]);
    expect(await bad.ask(['ver'])).toEqual(['1.0']);
  });

  it('answers a malformed frame with an error and gives up after three bad messages in a row', async () => {
    const join = await start();
    const bad = await join();
    const good = await join();
    await good.ask(['new', 'gus', 'pw']);
    await bad.ask(['new', 'bea', 'pw']);
    bad.client.send('x1 ');
    expect(await bad.next()).toEqual([error('BAD_FRAME')]);
    expect(await bad.ask('nope')).toEqual([error('BAD_JSON')]);
    const [last] = await bad.ask('still nope');
    expect(last).toEqual(error('GIVING_UP'));
    await waitFor(() => bad.client.peerClosed, 'the server to close');
    // bea has left the map; gus plays on
    expect(positions(await good.ask(['update']))).toEqual({ gus: [0, 0] });
  });

  it('lets a player who drops the connection mid-frame leave the map, while the others carry on', async () => {
    const join = await start();
    const a = await join();
    const b = await join();
    await a.ask(['new', 'ann', 'pw']);
    await b.ask(['new', 'bob', 'pw']);
    b.client.send('20 ["move"');
    await waitFor(() => lab!.of('tcp.received').filter((e) => e.sock === 'lab:game#2').length === 2, 'the partial frame');
    b.client.destroy();
    await waitFor(() => lab!.of('socket.closed').length === 1, 'bob to leave');
    expect(positions(await a.ask(['update']))).toEqual({ ann: [0, 0] });
    expectValidEvents(lab!.events);
  });
});
