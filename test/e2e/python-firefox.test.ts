// Python in the page in Firefox (Debian's firefox-esr, over WebDriver BiDi): the program's socket
// calls block its worker in Atomics.wait on a SharedArrayBuffer, which a browser gives only to a
// cross-origin isolated page (the bridge sends COOP/COEP). The textbook's clients run unchanged
// against the lab's servers, and Stop ends a recvfrom that would wait forever while the rest of the
// page goes on. The chromium tests of the same features: python.test.ts, python-lessons.test.ts.
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleTypeLine, consoleWaitLine, FirefoxProgram, startFirefoxLab, type FirefoxLab } from './support/firefox.js';

let lab: FirefoxLab;

/** The first run loads Python in a fresh worker (the later ones find it warm). */
const FIRST_RUN_MS = 45_000;

/** Runs a textbook client to its end, typing one line when input() asks; returns its status. */
async function ask(program: FirefoxProgram, line: string): Promise<string> {
  const before = await program.run();
  await program.waitOutput(/Input lowercase sentence:\s*$/, FIRST_RUN_MS);
  await program.typeLine(line);
  return program.endedAfter(before);
}

beforeAll(async () => {
  // the textbook's programs name port 12000: the lab's uppercase servers are there, as in class
  lab = await startFirefoxLab({ bridgeArgs: ['--server', 'udp-upper=12000', '--server', 'tcp-upper=12000'] });
  await lab.open('03-udp');
});
afterAll(async () => {
  // undefined when the launch failed
  await (lab as FirefoxLab | undefined)?.close();
});

describe('Python in the page, in Firefox', () => {
  it('gets a cross-origin isolated page, so the blocking channel can exist', async () => {
    expect(await lab.page.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer, typeof Atomics.wait])).toEqual([true, 'function', 'function']);
    const program = await new FirefoxProgram(lab.page, 'client-code').open();
    // the panel would say Python cannot run here instead of offering Run
    expect(await lab.page.$(`${program.selector} .program-unsupported`)).toBeNull();
    expect(await lab.page.$eval(`${program.selector} .program-run`, (b) => (b as HTMLButtonElement).disabled)).toBe(false);
  });

  it('runs UDPClient.py unchanged: input() from its console, the capitals from udp-upper', async () => {
    const program = new FirefoxProgram(lab.page, 'client-code');
    expect(await program.source()).toContain('serverPort = 12000');
    expect(await ask(program, 'hello from firefox')).toBe('exited');
    const text = await program.output();
    expect(text).toContain('HELLO FROM FIREFOX');
    expect(text).toMatch(/exit status 0/);
    // the line of the last socket call, from the real call
    await program.waitLit('clientSocket.close()');
  }, 90_000);

  it('Stop ends a recvfrom that never gets an answer with KeyboardInterrupt; the page works meanwhile', async () => {
    // a server that reads and never answers
    const silent: Socket = createSocket('udp4');
    const heard: Buffer[] = [];
    silent.on('message', (m) => heard.push(m));
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const port = silent.address().port;
    try {
      const program = await new FirefoxProgram(lab.page, 'client-code').openWith(
        '03-udp',
        'UDPClient.py',
        `from socket import *
s = socket(AF_INET, SOCK_DGRAM)
s.sendto('조용한 서버?'.encode(), ('localhost', ${port}))
print('waiting for an answer')
data, addr = s.recvfrom(2048)
print('never printed')
`,
      );
      await program.run();
      await program.waitOutput('waiting for an answer');
      await program.waitLit('recvfrom');
      await expect.poll(() => heard.map((m) => m.toString('utf8')), { timeout: 5000 }).toEqual(['조용한 서버?']);
      // while the program's worker sleeps in recvfrom, the page's own console sends and receives
      await consoleTypeLine(lab.page, 'client', 'still answering');
      await consoleWaitLine(lab.page, 'client', 'STILL ANSWERING');
      expect(await lab.page.$eval(program.selector, (el) => el.getAttribute('data-program-running'))).toBe('true');
      expect(await program.stop()).toBe('stopped');
      const text = await program.output();
      expect(text).toMatch(/File "UDPClient\.py", line 5, in <module>[\s\S]*KeyboardInterrupt/);
      expect(text).not.toContain('never printed');
      // and the page still runs programs
      await program.openWith('03-udp', 'UDPClient.py', `print('after stop', 6 * 7)\n`);
      const next = await program.run();
      expect(await program.endedAfter(next, 30_000)).toBe('exited');
      expect(await program.output()).toContain('after stop 42');
    } finally {
      silent.close();
    }
  }, 90_000);

  it('runs TCPClient.py unchanged against tcp-upper, with Korean in and out', async () => {
    await lab.open('04-tcp');
    const program = await new FirefoxProgram(lab.page, 'client-code').open();
    expect(await program.source()).toContain('socket(AF_INET, SOCK_STREAM)');
    expect(await ask(program, '안녕 firefox')).toBe('exited');
    expect(await program.output()).toContain('From Server: 안녕 FIREFOX');
  }, 90_000);

  it('threw no uncaught error in the page, and broke no CSP rule (Firefox logs those as errors)', () => {
    expect(lab.pageErrors()).toEqual([]);
  });
});
