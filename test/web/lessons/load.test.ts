import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLessonFiles } from '../../../vite.config.js';
import { loadLessons } from '../../../web/lessons/load.js';

const fixture = (name: string) => readLessonFiles(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));

describe('loading a well-formed lesson', () => {
  const { lessons, errors } = loadLessons(fixture('valid'));
  const lesson = lessons[0]!;

  it('loads without errors, with both languages and the same checks', () => {
    expect(errors).toEqual([]);
    expect(lessons.map((l) => l.id)).toEqual(['01-echo']);
    expect(Object.keys(lesson.text.en.checks)).toEqual(['got-reply', 'which-port']);
    expect(Object.keys(lesson.text.ko.checks)).toEqual(['got-reply', 'which-port']);
  });

  it('cuts the body at panel and check lines, in the order written', () => {
    expect(lesson.text.en.body.filter((s) => s.kind !== 'html')).toEqual([
      { kind: 'check', id: 'which-port' },
      { kind: 'panel', id: 'client' },
      { kind: 'panel', id: 'code' },
      { kind: 'panel', id: 'checks' },
    ]);
  });

  it('escapes raw HTML in the Markdown instead of passing it through', () => {
    const html = lesson.text.en.body.flatMap((s) => (s.kind === 'html' ? [s.html] : [])).join('');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('leaves a ::: line inside a fenced code block as code', () => {
    const html = lesson.text.en.body.flatMap((s) => (s.kind === 'html' ? [s.html] : [])).join('');
    expect(html).toContain('::: panel not-a-directive-inside-a-fence');
  });

  it('colours Python code blocks', () => {
    const html = lesson.text.en.body.flatMap((s) => (s.kind === 'html' ? [s.html] : [])).join('');
    expect(html).toContain('<span class="tok-number">2048</span>');
  });

  it('ships each listing with its source and tagged lines, and applies rule defaults', () => {
    expect(lesson.listings['Echo.py']!.lines).toEqual({ socket: 2, sendto: 3, recvfrom: 4, print: 5 });
    expect(lesson.listings['Echo.py']!.source).toMatch(/^from socket import \*/);
    expect(lesson.checks[0]).toEqual({ id: 'got-reply', kind: 'observe', rule: 'udp-roundtrip', params: { server: 'udp-upper' } });
  });
});

describe('a broken lesson fails with its file and field', () => {
  const { lessons, errors } = loadLessons(fixture('broken'));

  it.each([
    ['a missing question', 'lessons/03-udp/ko.md: checks.got-reply.question: Required'],
    ['a misspelt key', 'lessons/04-tcp/lesson.yaml: Unrecognized key: "lisitngs"'],
    ['a panel placed under a misspelt id', 'lessons/05-panel/en.md: ::: panel clinet: no panel "clinet" in lesson.yaml (defined: client)'],
    ['a panel never placed', 'lessons/05-panel/en.md: panels.client: never placed (add a line "::: panel client")'],
    ['a quiz answer past its options', "lessons/06-quiz/en.md: checks.pick.options: lesson.yaml's answer 3 is not an index into 3 options (0-based)"],
    ['an id that is not the folder name', 'lessons/07-wrong-id/lesson.yaml: id: "07-wrongid" must equal the folder name "07-wrong-id"'],
    ['a listing line past the end of the file', 'lessons/08-lines/lesson.yaml: listings.Client.py.lines.recvfrom: line 9 is past the end of Client.py (2 lines)'],
    ['an unknown observe rule', 'lessons/09-rule/lesson.yaml: checks.got-reply.rule: no rule "udp-rountrip"'],
    ['a check only one language has', 'lessons/10-langs/ko.md: checks: Unrecognized key: "extra"'],
    ['YAML that does not parse', 'lessons/11-yaml/lesson.yaml: line 8: Flow sequence in block collection'],
  ])('%s', (_what, expected) => {
    expect(errors.some((e) => e.startsWith(expected)), `expected an error starting with\n  ${expected}\ngot\n  ${errors.join('\n  ')}`).toBe(true);
  });

  it('keeps no broken lesson', () => {
    expect(lessons).toEqual([]);
  });
});

describe('checks between files', () => {
  const valid = fixture('valid');
  const edit = (file: string, change: (text: string) => string) => ({ ...valid, [file]: change(valid[file]!) });
  const errorsOf = (files: Record<string, string>) => loadLessons(files).errors;

  it('refuses a language file without front matter', () => {
    expect(errorsOf(edit('lessons/01-echo/ko.md', (t) => t.replace(/^---\n[\s\S]*?\n---\n/, '')))).toEqual([
      'lessons/01-echo/ko.md: must start with front matter between two "---" lines',
    ]);
  });

  it('refuses a missing language file', () => {
    const files = { ...valid };
    delete files['lessons/01-echo/ko.md'];
    expect(errorsOf(files)).toEqual(['lessons/01-echo/ko.md: missing (every lesson has en.md and ko.md)']);
  });

  it('refuses quiz options that differ in number between languages', () => {
    const errors = errorsOf(edit('lessons/01-echo/ko.md', (t) => t.replace('options: ["80", "12000", "443"]', 'options: ["80", "12000"]')));
    expect(errors).toEqual(['lessons/01-echo/ko.md: checks.which-port.options: 2 options, but en.md has 3']);
  });

  it('refuses a panel or check line inside a list, naming the line', () => {
    const errors = errorsOf(edit('lessons/01-echo/en.md', (t) => t.replace('::: panel client', '- item\n  ::: panel client')));
    expect(errors[0]).toMatch(/^lessons\/01-echo\/en\.md: line \d+: "::: panel client" must stand on a line of its own/);
  });

  it('refuses a directive that is neither panel nor check', () => {
    const errors = errorsOf(edit('lessons/01-echo/en.md', (t) => t.replace('::: panel checks', '::: pannel checks')));
    expect(errors).toContain('lessons/01-echo/en.md: line 31: "::: pannel checks" is not "::: panel <id>", "::: panels <id> <id> [<id>]" or "::: check <id>"');
  });

  it('places panels side by side with "::: panels a b"', () => {
    const { lessons, errors } = loadLessons(edit('lessons/01-echo/en.md', (t) => t.replace('::: panel code\n::: panel checks', '::: panels code checks')));
    expect(errors).toEqual([]);
    expect(lessons[0]!.text.en.body.filter((s) => s.kind !== 'html')).toContainEqual({ kind: 'row', ids: ['code', 'checks'] });
  });

  it('refuses a side-by-side panel that lesson.yaml does not define, or more than three', () => {
    expect(errorsOf(edit('lessons/01-echo/en.md', (t) => t.replace('::: panel code\n::: panel checks', '::: panels code chekcs\n::: panel checks')))).toContainEqual(
      expect.stringMatching(/^lessons\/01-echo\/en\.md: ::: panels chekcs: no panel "chekcs" in lesson\.yaml/),
    );
    expect(errorsOf(edit('lessons/01-echo/en.md', (t) => t.replace('::: panel code\n::: panel checks', '::: panels code checks client code')))).toContainEqual(
      expect.stringMatching(/is not "::: panel <id>", "::: panels <id> <id> \[<id>\]"/),
    );
  });

  it('refuses bad params for a rule, naming the param', () => {
    const errors = errorsOf(edit('lessons/01-echo/lesson.yaml', (t) => t.replace('params: { server: udp-upper }', 'params: { sever: udp-upper }')));
    expect(errors).toEqual(['lessons/01-echo/lesson.yaml: checks.got-reply.params: Unrecognized key: "sever"']);
  });

  it('refuses a code panel whose listing is not in the folder', () => {
    const errors = errorsOf(edit('lessons/01-echo/lesson.yaml', (t) => t.replace('listing: Echo.py', 'listing: Missing.py')));
    expect(errors).toEqual(['lessons/01-echo/lesson.yaml: panels.code.listing: no file Missing.py in lessons/01-echo']);
  });

  it('refuses an unknown panel type, naming the panel', () => {
    const errors = errorsOf(edit('lessons/01-echo/lesson.yaml', (t) => t.replace('type: checks', 'type: chekcs')));
    expect(errors[0]).toMatch(/^lessons\/01-echo\/lesson\.yaml: panels\.checks\.type: /);
  });

  it('refuses two lessons with the same order', () => {
    const copy = Object.fromEntries(Object.entries(valid).map(([k, v]) => [k.replace('01-echo', '02-echo'), v.replace('id: 01-echo', 'id: 02-echo')]));
    expect(errorsOf({ ...valid, ...copy })).toEqual(['lessons/02-echo/lesson.yaml: order: 1 is also the order of 01-echo']);
  });
});
