// The classroom from outside the process, in network namespaces this test creates: the bridge runs
// in the instructor's namespace with --classroom on its veth address; students act from another
// namespace over the veth pair. Every fence of docs/security.md holds on the classroom address.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../support/bridge-process.js';
import { eventually } from '../bridge/helpers/lab.js';
import { createClassNetwork, netnsUnavailable, type ClassNetwork } from './support/netns.js';

const why = netnsUnavailable();
if (why) console.warn(`classroom namespace tests skipped: ${why}`);

const CODE = 'K7M-4QX';

describe.skipIf(why !== undefined)("a class over a veth pair, from the students' namespace", () => {
  let net: ClassNetwork;
  let bridge: RunningBridge;
  let dist: string;
  let base: string;
  let origin: string;
  let ws: string;
  const seats: { token: string; local: string }[] = [];

  const student = (command: string, args: Record<string, unknown>) => net.agent(net.studentNs, command, args);
  const instructor = (command: string, args: Record<string, unknown>) => net.agent(net.instructorNs, command, args);
  const joinAs = (name: string, code: string, local: string) =>
    student('http', { url: `${base}/api/class/join`, method: 'POST', origin, local, body: JSON.stringify({ name, code }) }).then(
      (lines) => lines[0] as { status: number; body: string },
    );

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
    base = `http://${net.instructorAddress}:${bridge.port}`;
    origin = base;
    ws = `ws://${net.instructorAddress}:${bridge.port}/ws`;
  }, 30_000);

  afterAll(() => {
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it("prints the room (loopback, with the token), the students' URL and the code, each on its own line", () => {
    const lines = bridge.output().split('\n');
    expect(lines).toContain(`http://127.0.0.1:${bridge.port}/room?token=${bridge.token}`);
    expect(lines).toContain(`${base}/join`);
    expect(lines).toContain(CODE);
  });

  it('serves the join page on the classroom address', async () => {
    const [res] = await student('http', { url: `${base}/join`, local: net.studentAddresses[0] });
    expect(res).toMatchObject({ status: 200 });
  });

  it('refuses a wrong code with a reason the page can say, and joins with the right one (any spelling)', async () => {
    const wrong = await joinAs('Mallory', 'AAA-AAA', net.studentAddresses[0]);
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.body)).toEqual({ ok: false, reason: 'wrongCode' });
    for (const [i, local] of net.studentAddresses.entries()) {
      const ok = await joinAs(`Student ${i}`, i === 0 ? CODE : 'k7m 4qx', local);
      expect(ok.status).toBe(200);
      const body = JSON.parse(ok.body) as { ok: boolean; token: string };
      expect(body.ok).toBe(true);
      expect(body.token.length).toBeGreaterThanOrEqual(43);
      seats.push({ token: body.token, local });
    }
  });

  it('a student sends a sentence to udp-upper and gets capitals', async () => {
    const [result] = await student('upper', {
      ws,
      token: seats[0]!.token,
      origin,
      local: seats[0]!.local,
      port: bridge.servers['udp-upper'],
      text: 'hello from the back row',
    });
    expect(result).toEqual({ reply: 'HELLO FROM THE BACK ROW' });
  });

  it("a student reaches a classmate's server, and is refused a port the instructor opened for themselves", async () => {
    const own = net.spawnAgent(net.instructorNs, 'serve', {
      ws: `ws://127.0.0.1:${bridge.port}/ws`,
      token: bridge.token,
      origin: `http://127.0.0.1:${bridge.port}`,
    });
    const classmate = net.spawnAgent(net.studentNs, 'serve', { ws, token: seats[1]!.token, origin, local: seats[1]!.local });
    try {
      const instructorPort = (await eventually(() => own.lines.find((l) => 'port' in l), 15_000, 'instructor socket bound')).port;
      const classmatePort = (await eventually(() => classmate.lines.find((l) => 'port' in l), 15_000, 'classmate socket bound')).port;

      const [denied] = await student('upper', { ws, token: seats[0]!.token, origin, local: seats[0]!.local, port: instructorPort, text: 'psst' });
      expect(denied).toEqual({ error: 'LAB_DESTINATION_DENIED' });
      expect(own.lines.filter((l) => 'got' in l)).toEqual([]);

      const [answered] = await student('upper', { ws, token: seats[0]!.token, origin, local: seats[0]!.local, port: classmatePort, text: 'hi neighbour' });
      expect(answered).toEqual({ reply: 'HI NEIGHBOUR' });
      expect(classmate.lines).toContainEqual({ got: 'hi neighbour' });
    } finally {
      own.child.kill();
      classmate.child.kill();
    }
  });

  it("a student cannot use another student's token", async () => {
    const [theirs] = await student('upgrade', { url: `${ws}?token=${seats[1]!.token}`, origin, local: seats[0]!.local });
    expect(theirs).toEqual({ status: 401 });
    const [mine] = await student('upgrade', { url: `${ws}?token=${seats[0]!.token}`, origin, local: seats[0]!.local });
    expect(mine).toEqual({ status: 101 });
  });

  it("the instructor's token never works from the classroom address, whatever Host and Origin claim", async () => {
    for (const path of ['/ws', '/ws/room']) {
      const [plain] = await student('upgrade', { url: `${base}${path}?token=${bridge.token}`, origin, local: seats[0]!.local });
      expect(plain).toEqual({ status: 401 });
      const [spoofed] = await student('upgrade', {
        url: `${base}${path}?token=${bridge.token}`,
        host: `127.0.0.1:${bridge.port}`,
        origin: `http://127.0.0.1:${bridge.port}`,
        local: seats[0]!.local,
      });
      expect(spoofed).toEqual({ status: 401 });
    }
    // and a student's token does not open the instructor's room
    const [room] = await student('upgrade', { url: `${base}/ws/room?token=${seats[0]!.token}`, origin, local: seats[0]!.local });
    expect(room).toEqual({ status: 401 });
  });

  it('Host and Origin allowlists add the classroom origin only', async () => {
    const url = `${ws}?token=${seats[0]!.token}`;
    const local = seats[0]!.local;
    const cases: [Record<string, unknown>, number][] = [
      [{ origin }, 101],
      [{ origin: `http://${net.studentAddresses[0]}:${bridge.port}` }, 403],
      [{ origin: `http://${net.instructorAddress}:1` }, 403],
      [{ origin: 'http://evil.example' }, 403],
      [{ origin: 'null' }, 403],
      [{ origin, host: `evil.example:${bridge.port}` }, 403],
      [{ origin, host: `${net.instructorAddress}.nip.io:${bridge.port}` }, 403],
    ];
    for (const [headers, status] of cases) {
      const [res] = await student('upgrade', { url, local, ...headers });
      expect({ headers, res }).toEqual({ headers, res: { status } });
    }
    const [page] = await student('http', { url: `${base}/join`, host: `evil.example:${bridge.port}`, local });
    expect(page).toMatchObject({ status: 403 });
  });

  it('a join from a foreign Origin is refused before the code is looked at', async () => {
    const [res] = await student('http', {
      url: `${base}/api/class/join`,
      method: 'POST',
      origin: 'http://evil.example',
      local: seats[0]!.local,
      body: JSON.stringify({ name: 'x', code: CODE }),
    });
    expect(res).toMatchObject({ status: 403 });
  });

  it('rate-limits join attempts per client address', async () => {
    const lines = await student('http', {
      url: `${base}/api/class/join`,
      method: 'POST',
      origin,
      local: net.studentAddresses[1],
      body: JSON.stringify({ name: 'Guesser', code: 'ZZZ-ZZZ' }),
      repeat: 12,
    });
    expect(lines.map((l) => l.status)).toContain(429);
    const [limited] = await student('http', {
      url: `${base}/api/class/join`,
      method: 'POST',
      origin,
      local: net.studentAddresses[1],
      body: JSON.stringify({ name: 'Guesser', code: CODE }),
    });
    expect(JSON.parse(String(limited!.body))).toEqual({ ok: false, reason: 'tooManyAttempts' });
  });

  it('a student meets their own quotas: sockets, then messages a second', async () => {
    const [result] = await student('quota', { ws, token: seats[0]!.token, origin, local: seats[0]!.local, port: bridge.servers['udp-upper'], count: 1000 });
    // bridge/classroom/limits.ts: 12 sockets, 200 messages a second with a burst of 400
    expect(result).toMatchObject({ sockets: 12, code: 'LAB_QUOTA_SOCKETS' });
    expect(result!.rateLimited).toBeGreaterThanOrEqual(200); // 1000 at once: at most 400 + 200/s get through
    // and the class goes on: a classmate still gets capitals
    const [other] = await student('upper', {
      ws,
      token: seats[1]!.token,
      origin,
      local: seats[1]!.local,
      port: bridge.servers['udp-upper'],
      text: 'still here',
    });
    expect(other).toEqual({ reply: 'STILL HERE' });
  });

  it('the bridge listens on loopback and the classroom address only', async () => {
    const [res] = await instructor('http', { url: `http://127.0.0.1:${bridge.port}/join` });
    expect(res).toMatchObject({ status: 200 });
    const listening = execFileSync('ip', ['netns', 'exec', net.instructorNs, 'ss', '-ltnH'], { encoding: 'utf8' });
    const onPort = listening
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[3])
      .filter((a) => a?.endsWith(`:${bridge.port}`));
    expect(onPort.sort()).toEqual([`${net.instructorAddress}:${bridge.port}`, `127.0.0.1:${bridge.port}`].sort());
  });
});
