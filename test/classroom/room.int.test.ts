// The instructor's room against the real bridge, from the namespaces this test creates: the roster
// follows a student's progress and open relay, the instructor watches their frames, drives every
// relay at once (hold, step, release), and removes the student (their tab closes with 4003).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { eventually } from '../bridge/helpers/lab.js';
import { startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../support/bridge-process.js';
import { createClassNetwork, netnsUnavailable, type ClassNetwork } from './support/netns.js';

const why = netnsUnavailable();
if (why) console.warn(`classroom room tests skipped: ${why}`);
const CODE = 'K7M-4QX';

type Line = Record<string, unknown>;
interface Roster {
  type: 'room.state';
  code: string;
  relays: number;
  students: { id: string; name: string; connected: boolean; lesson?: string; checks: Record<string, number>; servers: { proto: string; port: number }[] }[];
}

describe.skipIf(why !== undefined)("the instructor's room", () => {
  let net: ClassNetwork;
  let bridge: RunningBridge;
  let dist: string;

  const onTeardown = teardownStack();
  beforeAll(async () => {
    net = createClassNetwork();
    onTeardown(() => net.remove());
    dist = mkdtempSync(join(tmpdir(), 'socket-lab-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Socket Lab test page</title>');
    bridge = await startBridgeProcess([...TEST_SERVER_FLAGS, '--dist', dist, '--classroom', net.instructorAddress, '--join-code', CODE], {}, [
      'ip',
      'netns',
      'exec',
      net.instructorNs,
    ]);
    onTeardown(() => bridge.stop());
  }, 30_000);

  afterAll(() => {
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('follows a student, drives their relay with the class, and removes them', async () => {
    const base = `http://${net.instructorAddress}:${bridge.port}`;
    const local = net.studentAddresses[0];
    const [joined] = await net.agent(net.studentNs, 'http', {
      url: `${base}/api/class/join`,
      method: 'POST',
      origin: base,
      local,
      body: JSON.stringify({ name: 'Ada', code: CODE }),
    });
    const token = (JSON.parse(String(joined!.body)) as { token: string }).token;

    const room = net.spawnAgent(net.instructorNs, 'room', {
      url: `ws://127.0.0.1:${bridge.port}/ws/room?token=${bridge.token}`,
      origin: `http://127.0.0.1:${bridge.port}`,
    });
    const send = (command: object) => room.child.stdin!.write(`${JSON.stringify(command)}\n`);
    const latest = () => room.lines.filter((l): l is Line & Roster => l.type === 'room.state').at(-1);
    const student = net.spawnAgent(net.studentNs, 'relay', {
      ws: `${base}/ws`.replace('http:', 'ws:'),
      token,
      origin: base,
      local,
      port: bridge.servers['udp-upper'],
    });
    try {
      await eventually(() => latest()?.code === CODE, 15_000, 'the room shows the code');
      const relayPort = (await eventually(() => student.lines.find((l) => 'relay' in l), 15_000, 'the student relay started')).relay;
      const ada = await eventually(
        () => latest()?.students.find((s) => s.name === 'Ada' && s.connected && s.servers.some((x) => x.port === relayPort)),
        10_000,
        'Ada connected with her relay in the roster',
      );
      expect(latest()!.relays).toBe(1);

      // her page reports the lesson she is on and the checks she passed
      const [progress] = await net.agent(net.studentNs, 'http', {
        url: `${base}/api/class/progress`,
        method: 'POST',
        origin: base,
        local,
        bearer: token,
        body: JSON.stringify({ lesson: '09-pinger', checks: { '03-udp': 2 } }),
      });
      expect(progress).toMatchObject({ status: 200 });
      await eventually(
        () => latest()?.students.find((s) => s.id === ada.id && s.lesson === '09-pinger' && s.checks['03-udp'] === 2),
        10_000,
        'progress in the roster',
      );

      // the instructor watches her, then holds, steps and releases every relay
      send({ type: 'room.watch', student: ada.id });
      for (const action of ['hold', 'step', 'release']) send({ type: 'room.relay', action });
      await eventually(() => student.lines.filter((l) => 'held' in l).length >= 3, 10_000, 'three relay answers on her page');
      expect(student.lines.filter((l) => 'held' in l)).toEqual([{ held: true }, { held: true }, { held: false }]);
      // the room's copies come on its own connection: they may follow her page's
      const configured = () =>
        room.lines
          .filter((l) => l.type === 'room.watched' && l.student === ada.id)
          .map((l) => JSON.parse(String(l.frame)) as { type: string; held?: boolean })
          .filter((f) => f.type === 'relay.configured');
      await eventually(() => configured().length >= 3, 10_000, "three relay answers in the room's watch");
      expect(configured().map((f) => f.held)).toEqual([true, true, false]);

      // a bad command is ignored, the room stays
      room.child.stdin!.write('{"type":"room.nope"}\n');
      send({ type: 'room.rotate' });
      await eventually(() => latest() && latest()!.code !== CODE, 10_000, 'a new code');

      send({ type: 'room.remove', student: ada.id });
      await eventually(() => student.lines.find((l) => 'closed' in l), 10_000, 'her tab closed');
      expect(student.lines.find((l) => 'closed' in l)).toEqual({ closed: 4003 });
      await eventually(() => latest()?.students.length === 0, 10_000, 'the roster without her');
      const [again] = await net.agent(net.studentNs, 'upgrade', { url: `${base}/ws?token=${token}`.replace('http:', 'ws:'), origin: base, local });
      expect(again).toEqual({ status: 401 });
    } finally {
      room.child.kill();
      student.child.kill();
    }
  }, 90_000);
});
