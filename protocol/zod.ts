// The schema library every schema the page loads is written with: zod/mini, zod 4's functional API,
// which a bundler shakes down to the parts used (9.5 KiB of the first page where the classic API
// took 23, docs/performance.md). Where classic zod chains methods, zod/mini wraps and checks:
// `z.optional(x)` for `x.optional()`, `z._default(x, v)` for `x.default(v)`, `x.check(z.minimum(1),
// z.maxLength(20))` for `x.min(1).max(20)`. zod/mini loads no messages of its own ("Invalid input"
// for every issue), so this module gives it zod's English ones, once, before any schema parses: the
// protocol's errors (codec.ts) and the lesson files' errors (web/lessons/schema.ts) say what was
// wrong ("Too big: expected string to have <=20 characters"). Import `z` from here, never from
// 'zod/mini' itself. (zod/mini never compiles a parser with `new Function`, as classic zod's objects
// try to: the page's CSP, which forbids eval, has nothing to refuse.)
import { z } from 'zod/mini';

z.config(z.locales.en());

export { z };
