// "Check my program" in a real browser: the student's own UDP server (a Python program started
// here) passes every case, and a server that forgot upper() is told so in plain words.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import type { Locator } from 'playwright-core';
import { ROOT } from '../support/bridge-process.js';
import { freePort, HAS_PYTHON, runPython, type PythonProgram } from '../support/python.js';
import { SCREENSHOTS, startLab, type Lab } from './support/browser.js';

const PROGRAMS = join(ROOT, 'test', 'checker', 'python');
const LESSON_9 = join(ROOT, 'lessons', '09-pinger');
const scratch = mkdtempSync(join(tmpdir(), 'socket-lab-check-'));

/** A copy of a lesson listing with the student's edit (the port) made, as the lesson asks. */
function editedListing(file: string, edit: (source: string) => string): string {
  const source = readFileSync(join(LESSON_9, file), 'utf8');
  const edited = edit(source);
  expect(edited).not.toBe(source);
  const out = join(scratch, file);
  writeFileSync(out, edited);
  return out;
}

let lab: Lab;
const programs: PythonProgram[] = [];
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
});
afterAll(() => {
  for (const p of programs) p.stop();
});

async function startServer(file: string): Promise<number> {
  const port = await freePort('udp');
  programs.push(await runPython(join(PROGRAMS, file), [port], 'ready to receive'));
  return port;
}

async function results(panel: Locator): Promise<{ case: string; ok: string; code: string }[]> {
  return panel
    .locator('.check-program-results li')
    .evaluateAll((items) =>
      items.map((li) => ({ case: li.getAttribute('data-case') ?? '', ok: li.getAttribute('data-ok') ?? '', code: li.getAttribute('data-code') ?? '' })),
    );
}

/** Types the port as a student would and runs the checks; returns each case's verdict. */
async function check(panel: Locator, port: number): Promise<{ case: string; ok: string; code: string }[]> {
  await panel.getByTestId('check-port').fill(String(port));
  await expect.poll(() => panel.getByTestId('copy-command').textContent()).toBe('python3 UDPServer.py');
  await panel.getByTestId('check-run').click();
  await panel.locator('[data-testid="check-summary"][data-total="5"]').waitFor({ timeout: 30_000 });
  await panel.locator('[data-testid="check-run"]:not([disabled])').waitFor();
  return results(panel);
}

describe.skipIf(!HAS_PYTHON)('check my UDP server (lesson 3)', () => {
  it('passes every case against the textbook UDPServer.py', async () => {
    const page = await lab.open('03-udp');
    const panel = page.getByTestId('panel-check-server');
    const port = await startServer('UDPServer.py');
    const results = await check(panel, port);
    expect(results.map((r) => r.case)).toEqual(['plain', 'empty', 'korean', 'too-long', 'several']);
    expect(results.filter((r) => r.ok !== 'true')).toEqual([]);
    await expect.poll(() => panel.getByTestId('check-summary').getAttribute('data-passed')).toBe('5');
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${SCREENSHOTS}/check-program-udp-server-pass.png` });
  });

  it('asks "did you forget upper()?" of a server that sends the sentence back unchanged', async () => {
    const page = lab.page;
    const panel = page.getByTestId('panel-check-server');
    const port = await startServer('UDPServer_no_upper.py');
    const results = await check(panel, port);
    expect(results.find((r) => r.case === 'plain')).toEqual({ case: 'plain', ok: 'false', code: 'not-upper' });
    const plain = panel.locator('.check-program-results li[data-case="plain"]');
    expect(await plain.textContent()).toContain('Did you forget upper()?');
    expect(await plain.textContent()).toContain('hello world');
    await panel.screenshot({ path: `${SCREENSHOTS}/check-program-udp-server-no-upper.png` });
    await lab.screenshot('check-program-lesson-03');
  });
});

describe.skipIf(!HAS_PYTHON)("check my pinger programs (lesson 9), on the lesson's own listings", () => {
  it('passes UDPPingerClient.py: the ping format, going on after a lost reply, and ten pings', async () => {
    const page = await lab.open('09-pinger');
    const panel = page.getByTestId('panel-check-client');
    const port = await freePort('udp');
    await panel.getByTestId('check-port').fill(String(port));
    await panel.getByTestId('check-run').click();
    await panel.locator(`[data-testid="check-listening"][data-port="${port}"]`).waitFor();
    const client = await runPython(
      editedListing('UDPPingerClient.py', (s) => s.replace('serverPort = 12005', `serverPort = ${port}`)),
      [],
    );
    programs.push(client);
    await panel.getByTestId('check-summary').waitFor({ timeout: 30_000 });
    const verdicts = await results(panel);
    expect(verdicts.map((r) => r.code)).toEqual(['pinger-format', 'pinger-timeout', 'pinger-ten']);
    expect(verdicts.every((r) => r.ok === 'true')).toBe(true);
    // the lab dropped the 3rd and 7th replies (on a busy machine a reply may also come late): the
    // listing printed a timeout for each, and its summary counts them
    const { output } = await client.exited();
    const timeouts = output.match(/Request timed out/g)?.length ?? 0;
    expect(timeouts).toBeGreaterThanOrEqual(2);
    expect(output).toContain(`${timeouts} of 10 pings lost (${timeouts * 10}%)`);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${SCREENSHOTS}/check-program-pinger-client.png` });
  });

  it('passes UDPPingerServer.py: answers in capitals and drops some', async () => {
    const panel = lab.page.getByTestId('panel-check-server');
    const port = await freePort('udp');
    const file = editedListing('UDPPingerServer.py', (s) =>
      s.replace("bind(('', 12005))", `bind(('127.0.0.1', ${port}))\nprint('The server is ready to receive', flush=True)`),
    );
    programs.push(await runPython(file, [], 'ready to receive'));
    await panel.getByTestId('check-port').fill(String(port));
    await panel.getByTestId('check-run').click();
    await panel.getByTestId('check-summary').waitFor({ timeout: 40_000 });
    expect(await results(panel)).toEqual([{ case: 'pings', ok: 'true', code: 'ok-pinger' }]);
    await panel.screenshot({ path: `${SCREENSHOTS}/check-program-pinger-server.png` });
  });
});

describe.skipIf(!HAS_PYTHON)('check my TCP programs (lesson 4): a port left in TIME_WAIT', () => {
  it('says the port is still in TIME_WAIT, with what to do, when the client check follows a server without SO_REUSEADDR', async () => {
    const page = await lab.open('04-tcp');
    const serverPanel = page.getByTestId('panel-check-server');
    const clientPanel = page.getByTestId('panel-check-client');
    const port = await freePort('tcp');
    const server = await runPython(join(PROGRAMS, 'TCPServer_no_reuse.py'), [port], 'ready to receive');
    programs.push(server);
    await serverPanel.getByTestId('check-port').fill(String(port));
    await serverPanel.getByTestId('check-run').click();
    await serverPanel.locator('[data-testid="check-summary"][data-total="5"]').waitFor({ timeout: 30_000 });
    server.stop();
    await server.exited();
    // the student's server closed first: its connections wait in TIME_WAIT on the port
    await clientPanel.getByTestId('check-port').fill(String(port));
    await clientPanel.getByTestId('check-run').click();
    const finding = clientPanel.locator('.check-program-results li[data-code="port-time-wait"]');
    await finding.waitFor({ timeout: 10_000 });
    const text = await finding.textContent();
    expect(text).toContain(`Port ${port} is still in TIME_WAIT`);
    expect(text).toContain('SO_REUSEADDR');
    await clientPanel.screenshot({ path: `${SCREENSHOTS}/check-program-time-wait.png` });
  });
});

describe('check my program, in Korean', () => {
  it('puts the particle that fits the number after a port: 12110으로, never 12110로 or (으)로', async () => {
    const page = await lab.open('04-tcp', { language: 'ko' });
    const panel = page.getByTestId('panel-check-client');
    await panel.getByTestId('check-run').waitFor({ timeout: 10_000 });
    await expect.poll(() => panel.textContent()).toContain('serverPort를 12110으로 바꾸세요');
    const text = (await panel.textContent()) ?? '';
    expect(text).not.toMatch(/12110로|\(으\)로/);
  });
});
