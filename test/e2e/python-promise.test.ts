// Python in a page that is not cross-origin isolated: what a student gets who joined the class over
// its plain-HTTP address (a secure context is needed for isolation, and the classroom's address is
// not one). The test takes the isolation away by dropping the bridge's COOP and COEP headers from
// the page's document, so the page has no SharedArrayBuffer; Python then waits on promises (JSPI,
// web/python/channel.ts's promise mode). The textbook's client still runs: input() from its
// console, its datagrams to udp-upper and back; Stop still ends a blocked recvfrom and a sleep.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { startLab, type Lab } from './support/browser.js';
import { panel } from './support/lab-page.js';
import { endedAfter, forgetEdits, openProgram, output, run, typeInto, waitOutput, withProgram } from './support/program.js';

let lab: Lab;
let page: Page;

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab({ bridgeArgs: ['--server', 'udp-upper=12000', '--server', 'tcp-upper=12000'] });
  onTeardown(() => lab.close());
  await lab.context.route(
    (url) => url.pathname === '/' || url.pathname.endsWith('.html'),
    async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    },
  );
  page = await lab.open('03-udp');
  await forgetEdits(page);
});

describe('Python in a page without shared memory (promise mode)', () => {
  it('is not isolated, and says nothing is wrong: the program panel runs', async () => {
    expect(await page.evaluate('[crossOriginIsolated, typeof SharedArrayBuffer]')).toEqual([false, 'undefined']);
    const program = await openProgram(page, 'client-code');
    expect(await program.textContent()).not.toMatch(/cannot run Python/);
  });

  it('runs UDPClient.py unchanged: input() from its console, HELLO WORLD back from udp-upper', async () => {
    const program = panel(page, 'client-code').locator('.program-panel');
    const before = await run(program);
    await waitOutput(program, 'Input lowercase sentence:', 30_000);
    await typeInto(program, 'hello world');
    await waitOutput(program, 'HELLO WORLD');
    expect(await endedAfter(program, before)).toBe('exited');
    expect(await output(program)).toMatch(/exit status 0/);
  });

  it('stops a program blocked in recvfrom with KeyboardInterrupt at its line, and one asleep', async () => {
    const program = await withProgram(
      page,
      '03-udp',
      'client-code',
      'UDPClient.py',
      `from socket import *
import time
s = socket(AF_INET, SOCK_DGRAM)
s.bind(('', 0))
print('waiting')
s.recvfrom(2048)
`,
    );
    let before = await run(program);
    await waitOutput(program, 'waiting');
    await program.locator('.program-stop').click();
    expect(await endedAfter(program, before)).toBe('stopped');
    expect(await output(program)).toMatch(/File "UDPClient\.py", line 6, in <module>[\s\S]*KeyboardInterrupt/);

    const asleep = await withProgram(page, '03-udp', 'client-code', 'UDPClient.py', "import time\nprint('sleeping')\ntime.sleep(600)\n");
    before = await run(asleep);
    await waitOutput(asleep, 'sleeping');
    await asleep.locator('.program-stop').click();
    expect(await endedAfter(asleep, before)).toBe('stopped');
    expect(await output(asleep)).toMatch(/KeyboardInterrupt/);
    expect(lab.pageErrors()).toEqual([]);
  });
});
