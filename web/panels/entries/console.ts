// An xterm console: the textbook client loop, a page server answering like the textbook server, or
// socket calls one at a time.
import { z } from '../../../protocol/zod.js';
import { definePanel, port, protoSchema, TargetSchema } from '../entry.js';

export default definePanel({
  type: 'console',
  spec: {
    /** client: the textbook client loop; server: the page binds/listens and answers like the textbook
     * server; command: socket calls one at a time. */
    role: z.enum(['client', 'server', 'command']),
    proto: protoSchema,
    target: z.optional(TargetSchema),
    /** For role server: the port to bind (0 = any). */
    port: z.optional(port),
    /** recvfrom(bufsize) for UDP clients and servers; default 2048. */
    bufsize: z.optional(z.int().check(z.minimum(1), z.maximum(65535))),
    /** TCP client only: keep one connection for many lines, an empty line closes it (lesson 5). */
    persistent: z.optional(z.boolean()),
    /** TCP client only: lines are gathered until an empty line and sent together as one request, each
     * ending in \r\n, over a new connection (an HTTP request typed by hand, lesson 8). */
    multiline: z.optional(z.boolean()),
    /** A short name the lesson's text uses for this console ("A", "B"), shown in its header. */
    label: z.optional(z.string().check(z.minLength(1), z.maxLength(12))),
  },
  Component: () => import.meta.glob('../ConsolePanel.tsx', { import: 'ConsolePanel' }),
});
