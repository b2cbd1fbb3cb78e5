import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { loadLessons } from './web/lessons/load.js';
import type { Lesson } from './web/lessons/types.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** The text files of every lesson folder: "lessons/03-udp/en.md" -> text. */
export function readLessonFiles(root: string = ROOT): Record<string, string> {
  const dir = join(root, 'lessons');
  const files: Record<string, string> = {};
  for (const folder of readdirSync(dir)) {
    if (folder.startsWith('.') || !statSync(join(dir, folder)).isDirectory()) continue;
    for (const name of readdirSync(join(dir, folder))) {
      if (/\.(ya?ml|md|py)$/.test(name))
        files[
          relative(root, join(dir, folder, name))
            .split(sep)
            .join('/')
        ] = readFileSync(join(dir, folder, name), 'utf8');
    }
  }
  return files;
}

/** `import { lessons, loaders } from 'virtual:lessons'`: the lessons, validated here at build time
 * and shipped as JSON, so the page carries neither a YAML nor a Markdown parser. A mistake in a
 * lesson fails the build with its file and field. `lessons` holds what the table of contents needs
 * (ids, order, titles, checks); each lesson's panels and listings are a chunk of their own
 * (`virtual:lesson/<id>`), and its text in each language another (`virtual:lesson/<id>/<lang>`),
 * fetched when the lesson is opened in that language, so the first page stays small however long
 * the course grows and a lesson brings only the language it is read in. */
export function lessonsPlugin(root: string = ROOT): Plugin {
  const id = 'virtual:lessons';
  const resolved = `\0${id}`;
  const onePrefix = 'virtual:lesson/';
  const dir = resolve(root, 'lessons');
  // read and validated once per build (or per edit in `npm run dev`), not once per lesson chunk
  let loaded: { files: string[]; result: ReturnType<typeof loadLessons> } | undefined;
  const load = () => {
    if (!loaded) {
      const files = readLessonFiles(root);
      loaded = { files: Object.keys(files), result: loadLessons(files) };
    }
    return loaded;
  };
  return {
    name: 'socket-lab-lessons',
    buildStart() {
      loaded = undefined;
    },
    resolveId: (source) => (source === id ? resolved : source.startsWith(onePrefix) ? `\0${source}` : undefined),
    load(source) {
      if (source !== resolved && !source.startsWith(`\0${onePrefix}`)) return;
      const { files, result } = load();
      for (const file of files) this.addWatchFile(join(root, file));
      const { lessons, errors } = result;
      if (errors.length > 0) this.error(`${errors.length} mistake(s) in lessons/:\n  ${errors.join('\n  ')}`);
      if (source !== resolved) {
        const [id, lang] = source.slice(onePrefix.length + 1).split('/');
        const lesson = lessons.find((l) => l.id === id);
        if (!lesson) this.error(`no lesson ${id}`);
        if (lang) {
          const text = lesson.text[lang as keyof typeof lesson.text] as (typeof lesson.text)[keyof typeof lesson.text] | undefined;
          if (!text) this.error(`no ${lang} text for lesson ${id}`);
          return `export const text = ${JSON.stringify(text)};`;
        }
        // the observe rules this lesson is the first to use, with the parsers they import: fetched
        // with the lesson, not with the page (web/lessons/rule-loader.ts); the first lesson's come
        // with the page (below)
        const { imports, table } = ruleImports(lessons, id === lessons[0]?.id ? undefined : id);
        return `${imports}export const rules = ${table};\nexport const lesson = ${JSON.stringify({ ...lesson, text: {} })};`;
      }
      const entries = lessons.map(({ id, order, topics, checks, text }) => ({
        id,
        order,
        topics,
        checks,
        text: Object.fromEntries(Object.entries(text).map(([lang, t]) => [lang, { title: t.title, summary: t.summary }])),
      }));
      const importer = (module: string) => `() => import(${JSON.stringify(onePrefix + module)})`;
      const loaders = lessons
        .map((l) => {
          const texts = Object.keys(l.text).map((lang) => `${lang}: ${importer(`${l.id}/${lang}`)}`);
          return `${JSON.stringify(l.id)}: { lesson: ${importer(l.id)}, text: { ${texts.join(', ')} } }`;
        })
        .join(',\n  ');
      const homes = JSON.stringify(Object.fromEntries(ruleHomes(lessons)));
      // the first lesson's rules come with the page, as its panels do: lesson 0 is the first page,
      // and a rule shared with a later lesson (udp-roundtrip) would otherwise be a chunk of its own
      const first = ruleImports(lessons, lessons[0]?.id);
      return `${first.imports}export const lessons = ${JSON.stringify(entries)};\nexport const ruleHomes = ${homes};\nexport const pageRules = ${first.table};\nexport const loaders = {\n  ${loaders}\n};`;
    },
    configureServer(server) {
      // a lesson edited (or added) while `npm run dev` runs reloads the page with the new text
      server.watcher.add(dir);
      server.watcher.on('all', (_event, file) => {
        if (!file.startsWith(dir)) return;
        loaded = undefined;
        for (const module of server.moduleGraph.idToModuleMap.values()) {
          if (module.id === resolved || module.id?.startsWith(`\0${onePrefix}`)) server.moduleGraph.invalidateModule(module);
        }
        server.ws.send({ type: 'full-reload' });
      });
    },
  };
}

/** Each observe rule a lesson's check names -> the first lesson (in the course's order) that names
 * it: the lesson whose chunk carries the rule. */
function ruleHomes(lessons: readonly Lesson[]): Map<string, string> {
  const homes = new Map<string, string>();
  for (const { id, checks } of lessons) {
    for (const check of checks) if (check.kind === 'observe' && !homes.has(check.rule)) homes.set(check.rule, id);
  }
  return homes;
}

/** The imports of the observe rules whose home is lesson `home` (none for undefined) and the
 * object literal that names them. */
function ruleImports(lessons: readonly Lesson[], home: string | undefined): { imports: string; table: string } {
  const names = [...ruleHomes(lessons)].filter(([, lesson]) => lesson === home).map(([name]) => name);
  return {
    imports: names.map((name, i) => `import rule${i} from ${JSON.stringify(join(ROOT, 'web/lessons/rules', `${name}.ts`))};\n`).join(''),
    table: `{ ${names.map((name, i) => `${JSON.stringify(name)}: rule${i}`).join(', ')} }`,
  };
}

/** Writes a .br and a .gz beside every built text file, at the strongest settings, once per build:
 * the bridge sends them as they are (sirv's precompressed files) and never compresses at run time. */
export function precompressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'socket-lab-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((f) => /\.(js|css|html|svg|json)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const body = await readFile(path);
          const [br, gz] = await Promise.all([
            promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
            promisify(gzip)(body, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
    },
  };
}

// The web app lives in web/; `npm start` builds it into dist/, which the bridge serves.
export default defineConfig({
  root: 'web',
  publicDir: false,
  plugins: [react(), lessonsPlugin(), precompressPlugin()],
  // `npm run dev`: the page with hot reload, talking to a lab started with `npm start` on its
  // default port. Open http://localhost:5173/?token=<the token npm start printed>. The bridge only
  // admits its own origin, so the proxy presents that one.
  server: {
    // Python in the page needs a cross-origin isolated page, as the bridge serves it
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    proxy: {
      '/pyodide': { target: 'http://127.0.0.1:8400', headers: { host: '127.0.0.1:8400' } },
      '/ws': { target: 'ws://127.0.0.1:8400', ws: true, headers: { origin: 'http://127.0.0.1:8400', host: '127.0.0.1:8400' } },
    },
  },
  worker: {
    format: 'es',
    // every worker's own script in a folder of its own: the bridge sends those, like the page, its
    // CSP and its cross-origin isolation headers, and leaves them off the other scripts (bridge/server.ts)
    rolldownOptions: { output: { entryFileNames: 'assets/workers/[name]-[hash].js' } },
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // everything the page imports before it draws, in one file: left alone, rolldown cut it into
        // some thirty small files (the pieces the later lessons' chunks share with it), each a
        // response with its own headers and a compression of its own (docs/performance.md, weight)
        codeSplitting: {
          groups: [
            { name: 'app', tags: ['$initial'] },
            // the consoles (xterm.js, the console panel and what it alone uses), which every lesson
            // shows: one file, not four; xterm's Unicode 11 width tables apart, fetched when a
            // console first draws text its built-in tables count otherwise (web/console/terminal.ts)
            {
              name: 'console',
              test: /[\\/](node_modules[\\/]@xterm[\\/](?!addon-unicode11)|web[\\/]console[\\/]|web[\\/]panels[\\/]ConsolePanel|web[\\/]lab[\\/]targets)/,
            },
            // the flow's modules with its panel, which every lesson shows, not cut up by the
            // capture reader and writer that use a few of them later
            { name: 'FlowPanel', test: /[\\/]web[\\/](flow[\\/]|panels[\\/]FlowPanel)/ },
            // the panels' error line stays apart: most later lessons' panels use it, not only this one
            { name: 'PanelError', test: /[\\/]web[\\/]panels[\\/]PanelError/, priority: 1, includeDependenciesRecursively: false },
            // "check my program" and the lab's probes, clients and the kept edit it uses, one chunk
            { name: 'CheckProgramPanel', test: /[\\/]web[\\/](checker[\\/]|panels[\\/]CheckProgramPanel|python[\\/]program-store)/ },
          ],
        },
      },
    },
  },
  // the test settings live in vitest.config.ts, so building the app does not load vitest
});
