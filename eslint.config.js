// ESLint for the whole repository: `npm run lint`. The rules live in tools/lint/, which installs
// typescript-eslint next to the TypeScript version it supports (see tools/lint/eslint-config.js).
export { default } from './tools/lint/eslint-config.js';
