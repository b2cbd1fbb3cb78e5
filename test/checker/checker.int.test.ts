// "Check my program" against real Python programs: the textbook's pass, broken variants fail with
// the right explanation.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import type { LabClient } from '../../protocol/client.js';
import {
  checkPingerClient,
  checkTcpClient,
  checkUdpClient,
  loadServerBatteries,
  runBattery,
  type CaseResult,
  type CheckContext,
  type ServerBatteryName,
} from '../../web/checker/index.js';
import { startBridgeProcess, type RunningBridge } from '../support/bridge-process.js';
import { freePort, HAS_PYTHON, runPython, type PythonProgram } from '../support/python.js';

const py = (name: string) => fileURLToPath(new URL(`./python/${name}`, import.meta.url));

let bridge: RunningBridge;
let lab: LabClient;
let ids = 0;
const running: PythonProgram[] = [];

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  lab = await bridge.connect();
  onTeardown(() => lab.close());
});
afterAll(() => {
  for (const p of running) p.stop();
});

/** The server batteries' cases (loaded as the page loads them when a check starts). */
const SERVERS = await loadServerBatteries();

const WAIT_MS = 1500;
/** Beyond the designed waits: starting a Python program and the bridge's answers on a busy machine. */
const MARGIN_MS = 10_000;
/** A test's time limit, from the battery's design rather than from this machine's speed. */
const budget = (name: ServerBatteryName, waitMs = WAIT_MS) => SERVERS[name].budgetMs(waitMs) + MARGIN_MS;
/** A client check: the student's program is started at once (ARRIVE_MS is only a ceiling), then the
 * pinger sends ten pings a second apart and the lab waits at most 8 s of silence after a loss. */
const ARRIVE_MS = 10_000;
const CLIENT_BUDGET_MS = 10 * 1000 + 8000 + MARGIN_MS;

/** Vitest aborts `signal` when the test times out, so a battery stops instead of slowing the next. */
function context(port: number, signal: AbortSignal, waitMs = WAIT_MS): CheckContext {
  return { client: lab, host: '127.0.0.1', port, newId: (p) => `${p}-${++ids}`, waitMs, labPorts: bridge.servers, signal };
}

async function server(file: string, proto: 'udp' | 'tcp', extra: (string | number)[] = []): Promise<number> {
  const port = await freePort(proto);
  running.push(await runPython(py(file), [port, ...extra], 'ready'));
  return port;
}

const byCase = (results: CaseResult[]) => Object.fromEntries(results.map((r) => [r.case, r]));

describe.skipIf(!HAS_PYTHON)('check my server', () => {
  it(
    'passes the textbook UDPServer.py on every case',
    async ({ signal }) => {
      const port = await server('UDPServer.py', 'udp');
      const results = byCase(await runBattery(SERVERS['udp-server'].cases, context(port, signal)));
      expect(
        Object.values(results).every((r) => r.ok),
        JSON.stringify(results),
      ).toBe(true);
      expect(results['too-long']!.finding).toEqual({ code: 'cut-udp', params: { size: 2048 } });
    },
    budget('udp-server'),
  );

  it(
    'fails a UDP server without upper() and says so',
    async ({ signal }) => {
      const port = await server('UDPServer_no_upper.py', 'udp');
      const results = byCase(await runBattery(SERVERS['udp-server'].cases, context(port, signal)));
      expect(results.plain).toMatchObject({ ok: false, finding: { code: 'not-upper' } });
    },
    budget('udp-server'),
  );

  it(
    "catches a UDP server that replies to port 12000 instead of the client's port",
    async ({ signal }) => {
      const port = await server('UDPServer_fixed_port.py', 'udp', [bridge.servers['udp-upper']!]);
      const [plain] = await runBattery(SERVERS['udp-server'].cases.slice(0, 1), context(port, signal));
      expect(plain!.ok).toBe(false);
      expect(plain!.finding.code).toBe('wrong-port');
      expect(plain!.finding.params).toMatchObject({ port: bridge.servers['udp-upper'] });
      expect(typeof plain!.finding.params!.clientPort).toBe('number');
    },
    budget('udp-server'),
  );

  it(
    'says nobody answers when no UDP server runs',
    async ({ signal }) => {
      const port = await freePort('udp');
      const [plain] = await runBattery(SERVERS['udp-server'].cases.slice(0, 1), context(port, signal, 500));
      expect(plain).toMatchObject({ ok: false, finding: { code: 'no-reply-udp' } });
    },
    budget('udp-server', 500),
  );

  it(
    'passes the textbook TCPServer.py, one sentence per connection',
    async ({ signal }) => {
      const port = await server('TCPServer.py', 'tcp');
      const results = byCase(await runBattery(SERVERS['tcp-server'].cases, context(port, signal)));
      expect(
        Object.values(results).every((r) => r.ok),
        JSON.stringify(results),
      ).toBe(true);
      expect(results['too-long']!.finding.code).toBe('cut');
    },
    budget('tcp-server'),
  );

  it(
    'says the connection was refused when no TCP server listens',
    async ({ signal }) => {
      const port = await freePort('tcp');
      const [plain] = await runBattery(SERVERS['tcp-server'].cases.slice(0, 1), context(port, signal));
      expect(plain).toMatchObject({ ok: false, finding: { code: 'refused', params: { port } } });
    },
    budget('tcp-server'),
  );

  it(
    'passes a persistent echo server and fails one that reads only once from a persistent client',
    async ({ signal }) => {
      const good = await server('EchoServer.py', 'tcp');
      const goodResults = byCase(await runBattery(SERVERS['echo-server'].cases, context(good, signal)));
      expect(goodResults.persistent).toMatchObject({ ok: true });
      const once = await server('EchoServer_reads_once.py', 'tcp');
      const onceResults = byCase(await runBattery(SERVERS['echo-server'].cases, context(once, signal)));
      expect(onceResults.plain!.ok).toBe(true);
      expect(onceResults.persistent).toMatchObject({ ok: false, finding: { code: 'stopped-after', params: { answered: 1, message: 2 } } });
      // the message number is not a client number: the panel prefixes "Client N:" only for `which`
      expect(onceResults.persistent!.finding.params).not.toHaveProperty('which');
    },
    2 * budget('echo-server'),
  );

  it(
    'explains an echo server by echo rules: a loop reads it all, upper() is out of place',
    async ({ signal }) => {
      const echo = await server('EchoServer.py', 'tcp');
      const echoResults = byCase(await runBattery(SERVERS['echo-server'].cases, context(echo, signal)));
      expect(echoResults['too-long']!.finding).toEqual({ code: 'whole-echo', params: { size: 2000 } });
      const upper = await server('TCPServer.py', 'tcp');
      const upperResults = byCase(await runBattery(SERVERS['echo-server'].cases, context(upper, signal)));
      expect(upperResults.plain).toMatchObject({ ok: false, finding: { code: 'echo-upper' } });
      expect(upperResults['too-long']).toMatchObject({ ok: false, finding: { code: 'echo-upper' } });
    },
    2 * budget('echo-server'),
  );

  it(
    'passes the textbook pinger server, which drops some pings',
    async ({ signal }) => {
      const port = await server('UDPPingerServer.py', 'udp', [4]);
      const [pings] = await runBattery(SERVERS['pinger-server'].cases, context(port, signal));
      expect(pings).toMatchObject({ ok: true, finding: { code: 'ok-pinger' } });
      expect(Number(pings!.finding.params!.lost)).toBeGreaterThan(0);
    },
    budget('pinger-server'),
  );
});

describe.skipIf(!HAS_PYTHON)('check my client', () => {
  it(
    'reports what the textbook UDPClient.py sent and answers it in capitals',
    async ({ signal }) => {
      const port = await freePort('udp');
      let program: PythonProgram | undefined;
      const results = byCase(
        await checkUdpClient(context(port, signal), {
          onReady: (p) => void runPython(py('UDPClient.py'), [p, 'hello from python']).then((prog) => running.push((program = prog))),
          arriveMs: ARRIVE_MS,
        }),
      );
      expect(results.arrived).toMatchObject({ ok: true, finding: { code: 'client-sent', params: { text: 'hello from python' } } });
      expect(results['source-port']!.ok).toBe(true);
      const { output } = await program!.exited();
      expect(output).toContain('HELLO FROM PYTHON');
    },
    ARRIVE_MS + MARGIN_MS,
  );

  it(
    'reports what the textbook TCPClient.py sent',
    async ({ signal }) => {
      const port = await freePort('tcp');
      let program: PythonProgram | undefined;
      const results = byCase(
        await checkTcpClient(context(port, signal), {
          onReady: (p) => void runPython(py('TCPClient.py'), [p, 'hello tcp']).then((prog) => running.push((program = prog))),
          arriveMs: ARRIVE_MS,
        }),
      );
      expect(results.sentence).toMatchObject({ ok: true, finding: { params: { text: 'hello tcp' } } });
      const { output } = await program!.exited();
      expect(output).toContain('From Server: HELLO TCP');
    },
    ARRIVE_MS + MARGIN_MS,
  );

  it(
    'says the port is still in TIME_WAIT after a server without SO_REUSEADDR, and who listens when one does',
    async ({ signal }) => {
      const port = await freePort('tcp');
      const program = await runPython(py('TCPServer_no_reuse.py'), [port], 'ready');
      running.push(program);
      const served = byCase(await runBattery(SERVERS['tcp-server'].cases.slice(0, 1), context(port, signal)));
      expect(served.plain!.ok).toBe(true);
      const listening = await checkTcpClient(context(port, signal), { arriveMs: 500 });
      expect(listening).toEqual([{ case: 'port', ok: false, finding: { code: 'port-in-use', params: { port } } }]);
      program.stop();
      await program.exited();
      // the server closed first: its side of the connection waits in TIME_WAIT, and nobody listens
      const waiting = await checkTcpClient(context(port, signal), { arriveMs: 500 });
      expect(waiting).toEqual([{ case: 'port', ok: false, finding: { code: 'port-time-wait', params: { port } } }]);
    },
    budget('tcp-server') + 2 * MARGIN_MS,
  );

  it(
    'passes a pinger client with a one-second timeout, which goes on after a lost reply',
    async ({ signal }) => {
      const port = await freePort('udp');
      const results = byCase(
        await checkPingerClient(context(port, signal), {
          onReady: (p) => void runPython(py('UDPPingerClient.py'), [p]).then((prog) => running.push(prog)),
          arriveMs: ARRIVE_MS,
          drop: [3],
        }),
      );
      expect(results.format!.ok).toBe(true);
      expect(results.timeout).toMatchObject({ ok: true, finding: { code: 'pinger-timeout' } });
      expect(results.count, JSON.stringify(results)).toMatchObject({ ok: true });
    },
    CLIENT_BUDGET_MS,
  );

  it(
    'fails a pinger client with no timeout: it waits forever for the lost reply',
    async ({ signal }) => {
      const port = await freePort('udp');
      const results = byCase(
        await checkPingerClient(context(port, signal), {
          onReady: (p) => void runPython(py('UDPPingerClient_no_timeout.py'), [p]).then((prog) => running.push(prog)),
          arriveMs: ARRIVE_MS,
          drop: [3],
        }),
      );
      expect(results.timeout).toMatchObject({ ok: false, finding: { code: 'pinger-no-timeout', params: { n: 3 } } });
      expect(results.count!.ok).toBe(false);
    },
    CLIENT_BUDGET_MS,
  );
});
