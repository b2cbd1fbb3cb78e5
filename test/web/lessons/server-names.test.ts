// A lesson that names a lab server the lab does not have ("udp-uper") does not build: the error
// names the file and the field, in a panel's target, a panel's server and a rule's parameters.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLessonFiles } from '../../../vite.config.js';
import { loadLessons } from '../../../web/lessons/load.js';

const valid = readLessonFiles(fileURLToPath(new URL('./fixtures/valid', import.meta.url)));
const YAML = 'lessons/01-echo/lesson.yaml';
const withYaml = (edit: (text: string) => string) => ({ ...valid, [YAML]: edit(valid[YAML]!) });

describe('lab server names in lessons', () => {
  it('builds the fixture as it is', () => {
    expect(loadLessons(valid).errors).toEqual([]);
  });

  it('refuses a misspelt server in a console target, with the file and the field', () => {
    const { errors } = loadLessons(withYaml((t) => t.replace('target: { server: udp-upper }', 'target: { server: udp-uper }')));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^lessons\/01-echo\/lesson\.yaml: panels\.client\.target\.server: not a lab server; the lab's servers are udp-upper, tcp-upper/);
  });

  it("refuses a misspelt server in a check rule's parameters", () => {
    const { errors } = loadLessons(withYaml((t) => t.replace('params: { server: udp-upper }', 'params: { server: udp-uper }')));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^lessons\/01-echo\/lesson\.yaml: checks\.got-reply\.params\.server: not a lab server/);
  });
});
