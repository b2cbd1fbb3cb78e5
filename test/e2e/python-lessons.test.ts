// The course's "run it in the page" walkthroughs, done as a student would do them, in a real browser
// against the real bridge: lessons 3 and 4 (the textbook's client against the lab, the server as it
// is meets the busy port, both programs on the lesson's port 12110, the counting server as the
// lesson prints it), lesson 5 (threads cannot start, the selectors server serves two clients) and
// lesson 9 (the pinger listing through the lab's pinger, the seeded relay and the check), in
// English and in Korean. The programs are taken from the lessons' files, never copied here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { DEFAULT_RELAY_SETTINGS } from '../../bridge/relay/settings.js';
import { Impairer } from '../../bridge/relay/impair.js';
import { ROOT } from '../support/bridge-process.js';
import { printedLines, typeLine, waitForLine } from '../web/console/playwright-console.js';
import { startLab, type Lab } from './support/browser.js';
import { consoleIn, panel, readArrows, words } from './support/lab-page.js';
import { closeProgram, endedAfter, forgetEdits, openProgram, output, run, runToEnd, typeInto, waitOutput, withProgram } from './support/program.js';

let lab: Lab;
let page: Page;

/** The port lessons 3 and 4 give the student's own programs (12000 is the lab's, 12100 the page's
 * server console's). */
const MINE = 12110;

const read = (path: string) => readFileSync(join(ROOT, 'lessons', path), 'utf8');
const withPort = (source: string, port: number) => source.replace(/serverPort = \d+/, `serverPort = ${port}`);

/** The one ```lang block of a lesson's text that contains `marker`. */
function block(lesson: string, lang: 'en' | 'ko', fence: string, marker: string): string {
  const text = read(`${lesson}/${lang}.md`);
  const found = [...text.matchAll(new RegExp('```' + fence + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!).filter((b) => b.includes(marker));
  if (found.length !== 1) throw new Error(`${lesson}/${lang}.md: expected one \`\`\`${fence} block with ${marker}, found ${found.length}`);
  return found[0]!;
}

/** What the line under the editor says about the lit line, as the locale writes it. */
const litText = (lang: 'en' | 'ko', line: number, call: string) => words('python', lang, 'lit').replace('{{line}}', String(line)).replace('{{call}}', call);

const litLine = (program: Locator) => program.locator('.cm-lit-line');

async function stop(program: Locator): Promise<string> {
  const before = Number(await program.getAttribute('data-program-runs'));
  await program.locator('.program-stop').click();
  return endedAfter(program, before);
}

/** Runs a client program to its end, typing one line when input() asks. */
async function ask(program: Locator, line: string, prompt = 'Input lowercase sentence:'): Promise<string> {
  const before = await run(program);
  await waitOutput(program, new RegExp(`${prompt}\\s*$`), 30_000);
  await typeInto(program, line);
  expect(await endedAfter(program, before, 20_000)).toBe('exited');
  return output(program);
}

const onTeardown = teardownStack();
beforeAll(async () => {
  // the textbook's ports: the uppercase servers on 12000 and the pinger on 12005, as in class
  lab = await startLab({ bridgeArgs: ['--server', 'udp-upper=12000', '--server', 'tcp-upper=12000', '--server', 'pinger=12005'] });
  onTeardown(() => lab.close());
  page = await lab.open('03-udp');
  await forgetEdits(page);
});

async function openLesson(lesson: string, language?: 'en' | 'ko'): Promise<void> {
  page = await lab.open(lesson, language ? { language } : {});
  await panel(page, 'client-code').waitFor();
}

describe('lesson 3, Live C: UDPClient.py and UDPServer.py in the page', () => {
  it('1. runs UDPClient.py against the lab: capitals, datagrams in the flow, close() lit at the end', async () => {
    const client = await openProgram(page, 'client-code');
    expect(await ask(client, 'hello from the page')).toContain('HELLO FROM THE PAGE');
    await expect
      .poll(() => readArrows(page, 'flow').then((a) => a.filter((x) => x.arrow === 'datagram' && x.dstPort === 12000).length), { timeout: 5000 })
      .toBeGreaterThanOrEqual(1);
    expect(await panel(page, 'flow').textContent()).toContain('UDPClient.py-');
    await expect.poll(() => client.getByTestId('program-status').textContent()).toContain(litText('en', 10, 'close'));
    await closeProgram(page, 'client-code');
  });

  it('2. UDPServer.py as it is stops with the traceback the lesson prints; 12100 is busy too', async () => {
    // the page's own server console (Live B) holds UDP 12100 from the moment the lesson opens
    await waitForLine(consoleIn(page, 'page-server'), 'The server is ready to receive');
    const printed = block('03-udp', 'en', 'text', 'Errno 98');
    for (const port of [12000, 12100]) {
      const server = await withProgram(page, '03-udp', 'server-code', 'UDPServer.py', withPort(read('03-udp/UDPServer.py'), port));
      const { status, text } = await runToEnd(server, 40_000);
      expect(status).toBe('exited');
      for (const line of printed.trim().split('\n')) expect(text).toContain(line.trim());
    }
  });

  it('3. the server on 12110 and the client changed to 12110 talk; Stop ends the server at line 8', async () => {
    const server = await withProgram(page, '03-udp', 'server-code', 'UDPServer.py', withPort(read('03-udp/UDPServer.py'), MINE));
    await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    await expect.poll(() => litLine(server).textContent()).toContain('recvfrom');
    const client = await withProgram(page, '03-udp', 'client-code', 'UDPClient.py', withPort(read('03-udp/UDPClient.py'), MINE));
    expect(await ask(client, 'page to page')).toContain('PAGE TO PAGE');
    // the datagram went from one program to the other and back
    await expect
      .poll(() => readArrows(page, 'flow').then((a) => a.filter((x) => x.arrow === 'datagram' && (x.dstPort === MINE || x.srcPort === MINE)).length), {
        timeout: 5000,
      })
      .toBeGreaterThanOrEqual(2);
    const flow = (await panel(page, 'flow').textContent()) ?? '';
    expect(flow).toContain('UDPServer.py-');
    expect(await stop(server)).toBe('stopped');
    expect(await output(server)).toMatch(/File "UDPServer\.py", line 8, in <module>[\s\S]*KeyboardInterrupt/);
  });

  it('4. the counting server of the lesson counts across three clients', async () => {
    const counting = block('03-udp', 'en', 'python', 'count = 0');
    expect(counting).toContain(`serverPort = ${MINE}`);
    const server = await withProgram(page, '03-udp', 'server-code', 'UDPServer.py', counting);
    await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    const client = panel(page, 'client-code').locator('.program-panel');
    for (const [n, word] of [
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ] as const) {
      expect(await ask(client, word)).toContain(`${n}: ${word.toUpperCase()}`);
    }
    await waitOutput(server, /message 3 from \('127\.0\.0\.1', \d+\)/);
    expect(await stop(server)).toBe('stopped');
    await closeProgram(page, 'server-code');
    await closeProgram(page, 'client-code');
  });
});

describe('lesson 4, Live D: TCPClient.py and TCPServer.py in the page', () => {
  beforeAll(async () => {
    await openLesson('04-tcp');
    await waitForLine(consoleIn(page, 'page-server'), 'The server is ready to receive');
  });

  it('1. TCPClient.py is connected (connect() lit) before it asks for the sentence', async () => {
    const client = await openProgram(page, 'client-code');
    const before = await run(client);
    await waitOutput(client, /Input lowercase sentence:\s*$/, 30_000);
    await expect.poll(() => litLine(client).textContent()).toContain('connect');
    await typeInto(client, 'over tcp');
    expect(await endedAfter(client, before)).toBe('exited');
    expect(await output(client)).toContain('From Server: OVER TCP');
    await closeProgram(page, 'client-code');
  });

  it('2. TCPServer.py as it is: the busy port is reported by listen(), on 12000 and on 12100', async () => {
    for (const port of [12000, 12100]) {
      const server = await withProgram(page, '04-tcp', 'server-code', 'TCPServer.py', withPort(read('04-tcp/TCPServer.py'), port));
      const { status, text } = await runToEnd(server, 40_000);
      expect(status).toBe('exited');
      expect(text).toMatch(/serverSocket\.listen\(1\)[\s\S]*OSError: \[Errno 98\] Address already in use/);
    }
  });

  it('3-4. the counting server of the lesson serves its clients one after another', async () => {
    const counting = block('04-tcp', 'en', 'python', 'clients = 0');
    const server = await withProgram(page, '04-tcp', 'server-code', 'TCPServer.py', counting);
    await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    await expect.poll(() => litLine(server).textContent()).toContain('accept');
    // the sockets panel shows the program's welcoming socket
    const welcoming = panel(page, 'sockets').locator(`[data-testid=socket-row][data-state=LISTEN][data-local="127.0.0.1:${MINE}"]`);
    await welcoming.waitFor({ timeout: 5000 });
    const client = await withProgram(page, '04-tcp', 'client-code', 'TCPClient.py', withPort(read('04-tcp/TCPClient.py'), MINE));
    expect(await ask(client, 'first')).toContain('From Server: client 1: FIRST');
    expect(await ask(client, 'second')).toContain('From Server: client 2: SECOND');

    // client 3 connects and waits in input(); console A connects and sends meanwhile
    const third = await run(client);
    await waitOutput(client, /Input lowercase sentence:\s*$/, 30_000);
    await waitOutput(server, /client 3 from/);
    // accept() made a connection socket under the welcoming socket, with client 3's port
    const parent = await welcoming.getAttribute('data-sock');
    await panel(page, 'sockets').locator(`[data-testid=socket-row][data-parent="${parent}"][data-state=ESTABLISHED]`).waitFor({ timeout: 5000 });
    const a = consoleIn(page, 'cmd-a');
    await typeLine(a, 'socket tcp');
    await typeLine(a, `connect 127.0.0.1 ${MINE}`);
    await typeLine(a, 'send "second"');
    expect((await printedLines(a)).join('\n')).not.toMatch(/refused|failed/i);
    // the server is busy with client 3: nothing about client 4 yet
    expect(await output(server)).not.toContain('client 4');
    await typeInto(client, 'third');
    expect(await endedAfter(client, third)).toBe('exited');
    expect(await output(client)).toContain('client 3: THIRD');
    await waitOutput(server, /client 4 from/);
    await typeLine(a, 'recv');
    await waitForLine(a, 'client 4: SECOND');
    await typeLine(a, 'close');
    expect(await stop(server)).toBe('stopped');
    expect(await output(server)).toMatch(/KeyboardInterrupt/);
    // its closed connections wait in TIME_WAIT on 12110, yet it starts again at once in the page
    const again = await run(server);
    await waitOutput(server, /ready to receive[\s\S]*ready to receive/, 30_000);
    expect(await stop(server)).toBe('stopped');
    expect(again).toBeGreaterThan(0);
    await closeProgram(page, 'server-code');
    await closeProgram(page, 'client-code');
  });
});

describe('lesson 5: threads cannot start in the page; SelectorsEchoServer.py can', () => {
  beforeAll(() => openLesson('05-echo-many-clients'));

  it('stops ThreadedEchoServer.py at start() with the reason', async () => {
    const threaded = await withProgram(
      page,
      '05-echo-many-clients',
      'threaded-code',
      'ThreadedEchoServer.py',
      withPort(read('05-echo-many-clients/ThreadedEchoServer.py'), 12100),
    );
    const before = await run(threaded);
    await waitOutput(threaded, 'The server is ready to receive', 30_000);
    // the thread starts only for a client: be one
    const c = connect(12100, '127.0.0.1');
    c.on('error', () => undefined);
    expect(await endedAfter(threaded, before)).toBe('exited');
    c.destroy();
    expect(await output(threaded)).toMatch(/\.start\(\)[\s\S]*RuntimeError: threads cannot start in Python in the page/);
    await closeProgram(page, 'threaded-code');
  });

  it('serves EchoClient.py in the page and a second client at the same time', async () => {
    const server = await withProgram(
      page,
      '05-echo-many-clients',
      'selectors-code',
      'SelectorsEchoServer.py',
      withPort(read('05-echo-many-clients/SelectorsEchoServer.py'), 12100),
    );
    await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    const client = await withProgram(page, '05-echo-many-clients', 'client-code', 'EchoClient.py', withPort(read('05-echo-many-clients/EchoClient.py'), 12100));
    const clientRuns = await run(client);
    await waitOutput(client, /Input sentence:\s*$/, 30_000);
    await typeInto(client, 'first line');
    await waitOutput(client, 'From Server: first line');
    // the page's client keeps its connection open; a second client is echoed meanwhile
    const echoed = await new Promise<string>((resolve, reject) => {
      const c = connect(12100, '127.0.0.1', () => c.write('second client'));
      c.setEncoding('utf8').once('data', (d: string) => {
        resolve(d);
        c.end();
      });
      c.on('error', reject);
    });
    expect(echoed).toBe('second client');
    await typeInto(client, 'still here');
    await waitOutput(client, 'From Server: still here');
    await typeInto(client, '');
    expect(await endedAfter(client, clientRuns)).toBe('exited');
    expect(await stop(server)).toBe('stopped');
    await closeProgram(page, 'selectors-code');
    await closeProgram(page, 'client-code');
  });
});

/** Which of ten pings time out on the relay's path, as its seeded generators decide (each ping is
 * judged on the way to the server, and if it gets there, its reply on the way back). */
function expectedPings(loss: number, seed: number): ('reply' | 'timeout')[] {
  const settings = { ...DEFAULT_RELAY_SETTINGS, loss, seed };
  const toServer = new Impairer(settings);
  const toClient = new Impairer({ ...settings, seed: (seed + 1) >>> 0 });
  return Array.from({ length: 10 }, () => (toServer.next().lost || toClient.next().lost ? 'timeout' : 'reply'));
}

/** The pinger's lines, one per ping: a reply or a timeout. */
function pings(text: string): ('reply' | 'timeout')[] {
  return text
    .split('\n')
    .filter((l) => /^PING \d+ |^Request timed out/.test(l))
    .map((l) => (l.startsWith('PING') ? 'reply' : 'timeout'));
}

describe('lesson 9: UDPPingerClient.py in the page', () => {
  beforeAll(() => openLesson('09-pinger'));

  it("pings the lab's pinger and prints ten results with their RTTs and the summary", async () => {
    const program = await openProgram(page, 'client-code');
    const { status, text } = await runToEnd(program, 40_000);
    expect(status).toBe('exited');
    expect(pings(text)).toHaveLength(10);
    expect(text).toMatch(/^PING \d+ [\d.]+ RTT \d+\.\d{3} ms$/m);
    expect(text).toMatch(/\d+ of 10 pings lost \(\d+%\)/);
    await closeProgram(page, 'client-code');
  });

  it("through the relay's port 12101, loses exactly the seed's pings, again after Apply", async () => {
    const relay = panel(page, 'udp-path');
    await relay.getByTestId('relay-path').waitFor();
    const expected = expectedPings(0.3, 9);
    const program = await withProgram(page, '09-pinger', 'client-code', 'UDPPingerClient.py', withPort(read('09-pinger/UDPPingerClient.py'), 12101));
    for (let i = 0; i < 2; i++) {
      await relay.getByTestId('relay-apply').click();
      const { status, text } = await runToEnd(program, 40_000);
      expect(status).toBe('exited');
      // the console keeps the earlier run's lines above this one's
      expect(pings(text).slice(-10)).toEqual(expected);
    }
    await closeProgram(page, 'client-code');
  });

  it('is checked by the lab on the port the check names', async () => {
    const check = panel(page, 'check-client');
    const port = Number(await check.getByTestId('check-port').inputValue());
    await check.getByTestId('check-run').click();
    await check.locator(`[data-testid="check-listening"][data-port="${port}"]`).waitFor();
    const program = await withProgram(page, '09-pinger', 'client-code', 'UDPPingerClient.py', withPort(read('09-pinger/UDPPingerClient.py'), port));
    const { status } = await runToEnd(program, 40_000);
    expect(status).toBe('exited');
    await check.getByTestId('check-summary').waitFor({ timeout: 30_000 });
    const verdicts = await check.locator('.check-program-results li').evaluateAll((items) => items.map((li) => li.getAttribute('data-ok')));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((ok) => ok === 'true')).toBe(true);
    await closeProgram(page, 'client-code');
  });
});

describe('in Korean', () => {
  it('lesson 3: the counting server of ko.md answers a Korean sentence; the status line is Korean', async () => {
    await openLesson('03-udp', 'ko');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ko');
    const counting = block('03-udp', 'ko', 'python', 'count = 0');
    const server = await withProgram(page, '03-udp', 'server-code', 'UDPServer.py', counting);
    await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    const client = await withProgram(page, '03-udp', 'client-code', 'UDPClient.py', withPort(read('03-udp/UDPClient.py'), MINE));
    expect(await ask(client, '안녕 socket')).toContain('1: 안녕 SOCKET');
    await expect.poll(() => client.getByTestId('program-status').textContent()).toContain(litText('ko', 10, 'close'));
    expect(await client.getByTestId('program-status').textContent()).toContain(words('python', 'ko', 'status.exited').replace('{{status}}', '0'));
    expect(await stop(server)).toBe('stopped');
    await closeProgram(page, 'server-code');
    await closeProgram(page, 'client-code');
  });

  it('lesson 4: the counting server of ko.md and TCPClient.py on 12110 talk', async () => {
    await openLesson('04-tcp', 'ko');
    await waitForLine(consoleIn(page, 'page-server'), 'The server is ready to receive');
    const server = await withProgram(page, '04-tcp', 'server-code', 'TCPServer.py', block('04-tcp', 'ko', 'python', 'clients = 0'));
    await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    const client = await withProgram(page, '04-tcp', 'client-code', 'TCPClient.py', withPort(read('04-tcp/TCPClient.py'), MINE));
    expect(await ask(client, '안녕 tcp')).toContain('From Server: client 1: 안녕 TCP');
    expect(await stop(server)).toBe('stopped');
    await closeProgram(page, 'server-code');
    await closeProgram(page, 'client-code');
  });

  it('lesson 5: the thread message is in Korean, as ko.md quotes it', async () => {
    await openLesson('05-echo-many-clients', 'ko');
    const quoted = /`RuntimeError: ([^`]+)`/.exec(read('05-echo-many-clients/ko.md'))![1]!;
    const program = await withProgram(
      page,
      '05-echo-many-clients',
      'threaded-code',
      'ThreadedEchoServer.py',
      `import threading\nthreading.Thread(target=print).start()\n`,
    );
    const { text } = await runToEnd(program, 40_000);
    expect(text).toContain(`RuntimeError: ${quoted}`);
    await closeProgram(page, 'threaded-code');
  });

  it('threw no uncaught error in the page', () => {
    expect(lab.pageErrors()).toEqual([]);
  });
});
