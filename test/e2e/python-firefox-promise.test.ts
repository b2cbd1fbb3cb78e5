// Python in the page in Firefox without shared memory: what a student gets who joined the class over
// its plain-HTTP address in Firefox (not a secure context, so never cross-origin isolated). The test
// serves the page without COOP and COEP (support/firefox.ts); Python then waits on promises
// (WebAssembly.Suspending, channel.ts's promise mode). The textbook's client runs unchanged, and Stop
// ends a time.sleep that would last an hour. The chromium test of the same mode: python-promise.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirefoxProgram, startFirefoxLab, type FirefoxLab } from './support/firefox.js';

let lab: FirefoxLab;

/** The first run loads Python in a fresh worker (the later ones find it warm). */
const FIRST_RUN_MS = 45_000;

beforeAll(async () => {
  lab = await startFirefoxLab({ bridgeArgs: ['--server', 'udp-upper=12000', '--server', 'tcp-upper=12000'], isolated: false });
  await lab.open('03-udp');
});
afterAll(async () => {
  // undefined when the launch failed
  await (lab as FirefoxLab | undefined)?.close();
});

describe('Python in the page, in Firefox, without shared memory (promise mode)', () => {
  it('is not isolated, has no SharedArrayBuffer, and offers Run all the same', async () => {
    expect(await lab.page.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([false, 'undefined']);
    const program = await new FirefoxProgram(lab.page, 'client-code').open();
    expect(await lab.page.$(`${program.selector} .program-unsupported`)).toBeNull();
  });

  it('runs UDPClient.py unchanged: input() from its console, the capitals from udp-upper', async () => {
    const program = new FirefoxProgram(lab.page, 'client-code');
    const before = await program.run();
    await program.waitOutput(/Input lowercase sentence:\s*$/, FIRST_RUN_MS);
    await program.typeLine('promised in firefox');
    expect(await program.endedAfter(before, 30_000)).toBe('exited');
    const text = await program.output();
    expect(text).toContain('PROMISED IN FIREFOX');
    expect(text).toMatch(/exit status 0/);
  }, 90_000);

  it('Stop ends an hour-long time.sleep with KeyboardInterrupt, and the next run works', async () => {
    const program = await new FirefoxProgram(lab.page, 'client-code').openWith(
      '03-udp',
      'UDPClient.py',
      `import time\nprint('sleeping')\ntime.sleep(3600)\nprint('never printed')\n`,
    );
    await program.run();
    await program.waitOutput('sleeping');
    expect(await program.stop()).toBe('stopped');
    const text = await program.output();
    expect(text).toContain('KeyboardInterrupt');
    expect(text).not.toContain('never printed');
    await program.openWith('03-udp', 'UDPClient.py', `print('awake', 6 * 7)\n`);
    const next = await program.run();
    expect(await program.endedAfter(next, 30_000)).toBe('exited');
    expect(await program.output()).toContain('awake 42');
  }, 90_000);

  it('threw no uncaught error in the page', () => {
    expect(lab.pageErrors()).toEqual([]);
  });
});
