// The lint rules of Socket Lab. This package has its own node_modules because typescript-eslint
// needs TypeScript's JavaScript API, which TypeScript 7 (the native compiler the project builds
// with) does not have: typescript-eslint resolves `typescript` here, to TypeScript 6.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** An import a folder must not make: `regex` over the import path, and why. */
const forbid = (regex, message) => ({ regex, message });

/** The page's schemas are zod/mini with English messages, from protocol/zod.ts (classic zod would
 * load its whole API into the page; zod/mini alone says "Invalid input" for every issue). */
const zodOnlyFromProtocol = forbid('^zod($|/)', "web/ writes its schemas with the `z` of protocol/zod.ts, not with 'zod' itself.");

/** The layers (README "Layout", docs style.md): what each folder may not import. */
export const boundaries = {
  'protocol/**': [
    forbid('(^|/)bridge/', 'protocol/ is the contract both sides share: it imports neither bridge/ nor web/.'),
    forbid('(^|/)web/', 'protocol/ is the contract both sides share: it imports neither bridge/ nor web/.'),
    forbid('^node:', 'protocol/ runs in the page too: no Node built-ins.'),
    forbid('^zod($|/(?!mini$))', "protocol/ runs in the page too: its schemas use the `z` of protocol/zod.ts (zod/mini), not classic 'zod'."),
  ],
  'web/**': [forbid('(^|/)bridge/', 'web/ runs in the browser and talks to the bridge only through protocol/.'), zodOnlyFromProtocol],
  'web/lab/**': [
    forbid('(^|/)bridge/', 'web/ runs in the browser and talks to the bridge only through protocol/.'),
    forbid('(^\\.\\./|/web/)panels/', 'web/lab/ is the lab core under the views: it does not import web/panels/.'),
    zodOnlyFromProtocol,
  ],
};

/** The boundaries as flat-config blocks: one `no-restricted-imports` per folder. */
export const boundaryConfigs = Object.entries(boundaries).map(([folder, patterns]) => ({
  files: [`${folder.replace('/**', '')}/**/*.{ts,tsx}`],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
}));

/** The boundaries alone, with the TypeScript parser and no type information: what
 * test/conventions/boundaries.test.ts runs. */
export const boundariesOnly = [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } }, ...boundaryConfigs];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'tools/lint/node_modules/**', 'dist/**', 'build/**', 'test-results/**', 'scratch/**', '**/*.py', 'lessons/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: process.cwd() },
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Narrower than strict, each for a reason (see docs/developing in README "Developing"):
      // - numbers and booleans in template strings are how the messages and ids are written
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // - `x!` after a length or `has` check is the codebase's idiom under noUncheckedIndexedAccess
      '@typescript-eslint/no-non-null-assertion': 'off',
      // - callbacks such as `() => void promise` and `(e) => set.add(e)` are written for brevity
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // - `_` for an argument kept for its position
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // and one wider: a `let` assigned once is a const
      'prefer-const': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // the rules of hooks and their dependencies; the plugin's React Compiler rules (refs, purity,
    // set-state-in-effect, immutability: 51 findings) are for code the React Compiler will
    // optimise, which this app does not use
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  ...boundaryConfigs,
);
