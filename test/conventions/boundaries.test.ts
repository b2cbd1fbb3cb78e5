// The layers hold by lint, not by memory: ESLint, configured as `npm run lint` configures it, refuses
// each import across a boundary and accepts the allowed direction.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LINT = `${ROOT}tools/lint/`;
// tools/lint installs its packages on the first `npm run lint` (which `npm test` runs first)
const installed = existsSync(`${LINT}node_modules/eslint`);

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}
interface ESLintLike {
  lintText(code: string, options: { filePath: string }): Promise<LintResult[]>;
}

async function linter(): Promise<ESLintLike> {
  const config = (await import(/* @vite-ignore */ `${LINT}eslint-config.js`)) as { boundariesOnly: object[] };
  const { ESLint } = (await import(/* @vite-ignore */ `${LINT}node_modules/eslint/lib/api.js`)) as {
    ESLint: new (options: object) => ESLintLike;
  };
  return new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config.boundariesOnly });
}

const cases: [file: string, importPath: string, allowed: boolean][] = [
  ['web/console/x.ts', '../../bridge/session.js', false],
  ['web/lab/x.ts', '../../bridge/quota.js', false],
  ['web/lab/x.ts', '../panels/types.js', false],
  ['protocol/x.ts', '../bridge/session.js', false],
  ['protocol/x.ts', '../web/lab/lab.js', false],
  ['protocol/x.ts', 'node:fs', false],
  ['web/panels/x.ts', '../lab/targets.js', true],
  ['web/lab/x.ts', '../../protocol/client.js', true],
  ['bridge/x.ts', '../protocol/messages.js', true],
  ['protocol/x.ts', 'zod', false],
  ['protocol/x.ts', 'zod/mini', true],
  ['web/lessons/x.ts', 'zod', false],
  ['web/lessons/x.ts', 'zod/mini', false],
  ['web/lab/x.ts', 'zod/mini', false],
  ['web/lessons/x.ts', '../../protocol/zod.js', true],
  ['bridge/x.ts', 'zod', true],
];

describe.skipIf(!installed)('import boundaries (npm run lint)', () => {
  it.each(cases)('%s importing %s: allowed %s', async (file, importPath, allowed) => {
    const eslint = await linter();
    const [result] = await eslint.lintText(`import type { X } from '${importPath}';\nexport type Y = X;\n`, { filePath: `${ROOT}${file}` });
    const refused = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    expect(refused.length === 0, refused.map((m) => m.message).join('; ')).toBe(allowed);
  });
});
