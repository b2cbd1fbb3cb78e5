// "Check my program" against real Python programs: the textbook's pass, broken variants fail with
// the right explanation.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../protocol/client.js';
import { checkPingerClient, checkTcpClient, checkUdpClient, runBattery, SERVER_BATTERIES, type CaseResult, type CheckContext } from '../../web/checker/index.js';
import { startBridgeProcess, type RunningBridge } from '../support/bridge-process.js';
import { freePort, HAS_PYTHON, runPython, type PythonProgram } from '../support/python.js';

const py = (name: string) => fileURLToPath(new URL(`./python/${name}`, import.meta.url));

let bridge: RunningBridge;
let lab: LabClient;
let ids = 0;
const running: PythonProgram[] = [];

beforeAll(async () => {
  bridge = await startBridgeProcess();
  lab = await bridge.connect();
});
afterAll(async () => {
  for (const p of running) p.stop();
  lab?.close();
  await bridge?.stop();
});

function context(port: number, waitMs = 1500): CheckContext {
  return { client: lab, host: '127.0.0.1', port, newId: (p) => `${p}-${++ids}`, waitMs, labPorts: bridge.servers };
}

async function server(file: string, proto: 'udp' | 'tcp', extra: (string | number)[] = []): Promise<number> {
  const port = await freePort(proto);
  running.push(await runPython(py(file), [port, ...extra], 'ready'));
  return port;
}

const byCase = (results: CaseResult[]) => Object.fromEntries(results.map((r) => [r.case, r]));

describe.skipIf(!HAS_PYTHON)('check my server', () => {
  it('passes the textbook UDPServer.py on every case', async () => {
    const port = await server('UDPServer.py', 'udp');
    const results = byCase(await runBattery(SERVER_BATTERIES['udp-server'], context(port)));
    expect(Object.values(results).every((r) => r.ok), JSON.stringify(results)).toBe(true);
    expect(results['too-long']!.finding).toEqual({ code: 'cut-udp', params: { size: 2048 } });
  });

  it('fails a UDP server without upper() and says so', async () => {
    const port = await server('UDPServer_no_upper.py', 'udp');
    const results = byCase(await runBattery(SERVER_BATTERIES['udp-server'], context(port)));
    expect(results.plain).toMatchObject({ ok: false, finding: { code: 'not-upper' } });
  });

  it('catches a UDP server that replies to port 12000 instead of the client\'s port', async () => {
    const port = await server('UDPServer_fixed_port.py', 'udp', [bridge.servers['udp-upper']!]);
    const [plain] = await runBattery(SERVER_BATTERIES['udp-server'].slice(0, 1), context(port));
    expect(plain!.ok).toBe(false);
    expect(plain!.finding.code).toBe('wrong-port');
    expect(plain!.finding.params).toMatchObject({ port: bridge.servers['udp-upper'] });
    expect(typeof plain!.finding.params!.clientPort).toBe('number');
  });

  it('says nobody answers when no UDP server runs', async () => {
    const port = await freePort('udp');
    const [plain] = await runBattery(SERVER_BATTERIES['udp-server'].slice(0, 1), context(port, 500));
    expect(plain).toMatchObject({ ok: false, finding: { code: 'no-reply-udp' } });
  });

  it('passes the textbook TCPServer.py, one sentence per connection', async () => {
    const port = await server('TCPServer.py', 'tcp');
    const results = byCase(await runBattery(SERVER_BATTERIES['tcp-server'], context(port)));
    expect(Object.values(results).every((r) => r.ok), JSON.stringify(results)).toBe(true);
    expect(results['too-long']!.finding.code).toBe('cut');
  });

  it('says the connection was refused when no TCP server listens', async () => {
    const port = await freePort('tcp');
    const [plain] = await runBattery(SERVER_BATTERIES['tcp-server'].slice(0, 1), context(port));
    expect(plain).toMatchObject({ ok: false, finding: { code: 'refused', params: { port } } });
  });

  it('passes a persistent echo server and fails one that reads only once from a persistent client', async () => {
    const good = await server('EchoServer.py', 'tcp');
    const goodResults = byCase(await runBattery(SERVER_BATTERIES['echo-server'], context(good)));
    expect(goodResults.persistent).toMatchObject({ ok: true });
    const once = await server('EchoServer_reads_once.py', 'tcp');
    const onceResults = byCase(await runBattery(SERVER_BATTERIES['echo-server'], context(once)));
    expect(onceResults.plain!.ok).toBe(true);
    expect(onceResults.persistent).toMatchObject({ ok: false, finding: { code: 'stopped-after', params: { answered: 1, message: 2 } } });
    // the message number is not a client number: the panel prefixes "Client N:" only for `which`
    expect(onceResults.persistent!.finding.params).not.toHaveProperty('which');
  });

  it('explains an echo server by echo rules: a loop reads it all, upper() is out of place', async () => {
    const echo = await server('EchoServer.py', 'tcp');
    const echoResults = byCase(await runBattery(SERVER_BATTERIES['echo-server'], context(echo)));
    expect(echoResults['too-long']!.finding).toEqual({ code: 'whole-echo', params: { size: 2000 } });
    const upper = await server('TCPServer.py', 'tcp');
    const upperResults = byCase(await runBattery(SERVER_BATTERIES['echo-server'], context(upper)));
    expect(upperResults.plain).toMatchObject({ ok: false, finding: { code: 'echo-upper' } });
    expect(upperResults['too-long']).toMatchObject({ ok: false, finding: { code: 'echo-upper' } });
  });

  it('passes the textbook pinger server, which drops some pings', async () => {
    const port = await server('UDPPingerServer.py', 'udp', [4]);
    const [pings] = await runBattery(SERVER_BATTERIES['pinger-server'], context(port));
    expect(pings).toMatchObject({ ok: true, finding: { code: 'ok-pinger' } });
    expect(Number(pings!.finding.params!.lost)).toBeGreaterThan(0);
  });
});

describe.skipIf(!HAS_PYTHON)('check my client', () => {
  it('reports what the textbook UDPClient.py sent and answers it in capitals', async () => {
    const port = await freePort('udp');
    let program: PythonProgram | undefined;
    const results = byCase(
      await checkUdpClient(context(port), {
        onReady: (p) => void runPython(py('UDPClient.py'), [p, 'hello from python']).then((prog) => running.push((program = prog))),
        arriveMs: 10_000,
      }),
    );
    expect(results.arrived).toMatchObject({ ok: true, finding: { code: 'client-sent', params: { text: 'hello from python' } } });
    expect(results['source-port']!.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    const { output } = await program!.exited();
    expect(output).toContain('HELLO FROM PYTHON');
  });

  it('reports what the textbook TCPClient.py sent', async () => {
    const port = await freePort('tcp');
    let program: PythonProgram | undefined;
    const results = byCase(
      await checkTcpClient(context(port), {
        onReady: (p) => void runPython(py('TCPClient.py'), [p, 'hello tcp']).then((prog) => running.push((program = prog))),
        arriveMs: 10_000,
      }),
    );
    expect(results.sentence).toMatchObject({ ok: true, finding: { params: { text: 'hello tcp' } } });
    const { output } = await program!.exited();
    expect(output).toContain('From Server: HELLO TCP');
  });

  it('says the port is still in TIME_WAIT after a server without SO_REUSEADDR, and who listens when one does', async () => {
    const port = await freePort('tcp');
    const program = await runPython(py('TCPServer_no_reuse.py'), [port], 'ready');
    running.push(program);
    const served = byCase(await runBattery(SERVER_BATTERIES['tcp-server'].slice(0, 1), context(port)));
    expect(served.plain!.ok).toBe(true);
    const listening = await checkTcpClient(context(port), { arriveMs: 500 });
    expect(listening).toEqual([{ case: 'port', ok: false, finding: { code: 'port-in-use', params: { port } } }]);
    program.stop();
    await program.exited();
    // the server closed first: its side of the connection waits in TIME_WAIT, and nobody listens
    const waiting = await checkTcpClient(context(port), { arriveMs: 500 });
    expect(waiting).toEqual([{ case: 'port', ok: false, finding: { code: 'port-time-wait', params: { port } } }]);
  });

  it('passes a pinger client with a one-second timeout, which goes on after a lost reply', async () => {
    const port = await freePort('udp');
    const results = byCase(
      await checkPingerClient(context(port), {
        onReady: (p) => void runPython(py('UDPPingerClient.py'), [p]).then((prog) => running.push(prog)),
        arriveMs: 10_000,
        drop: [3],
      }),
    );
    expect(results.format!.ok).toBe(true);
    expect(results.timeout).toMatchObject({ ok: true, finding: { code: 'pinger-timeout' } });
    expect(results.count, JSON.stringify(results)).toMatchObject({ ok: true });
  });

  it('fails a pinger client with no timeout: it waits forever for the lost reply', async () => {
    const port = await freePort('udp');
    const results = byCase(
      await checkPingerClient(context(port), {
        onReady: (p) => void runPython(py('UDPPingerClient_no_timeout.py'), [p]).then((prog) => running.push(prog)),
        arriveMs: 10_000,
        drop: [3],
      }),
    );
    expect(results.timeout).toMatchObject({ ok: false, finding: { code: 'pinger-no-timeout', params: { n: 3 } } });
    expect(results.count!.ok).toBe(false);
  }, 30_000);
});
