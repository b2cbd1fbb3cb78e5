// The Vite plugin is what makes a lesson mistake fail `npm start`'s build: check it does, on a
// tiny app that imports the lessons.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { lessonsPlugin } from '../../../vite.config.js';

const app = mkdtempSync(join(tmpdir(), 'socket-lab-lessons-'));
writeFileSync(join(app, 'main.js'), "import { lessons } from 'virtual:lessons';\nconsole.log(lessons);\n");
afterAll(() => rmSync(app, { recursive: true, force: true }));

const buildWith = (fixture: string) =>
  build({
    configFile: false,
    root: app,
    logLevel: 'silent',
    plugins: [lessonsPlugin(fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)))],
    build: { write: false, lib: { entry: join(app, 'main.js'), formats: ['es'], fileName: 'main' } },
  });

describe('the lessons plugin', () => {
  it('fails the build on a broken lesson, naming the file and the field', async () => {
    await expect(buildWith('broken')).rejects.toThrow('lessons/03-udp/ko.md: checks.got-reply.question: Required');
  });

  it('ships valid lessons as JSON in the bundle', async () => {
    const output = await buildWith('valid');
    const code = JSON.stringify(output);
    expect(code).toContain('01-echo');
    expect(code).not.toContain('markdown-it');
  });
});
