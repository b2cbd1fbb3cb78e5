// An xterm console: the textbook client loop, a page server answering like the textbook server, or
// socket calls one at a time.
import { z } from 'zod';
import { definePanel, port, protoSchema, TargetSchema } from '../entry.js';

export default definePanel({
  type: 'console',
  spec: {
    /** client: the textbook client loop; server: the page binds/listens and answers like the textbook
     * server; command: socket calls one at a time. */
    role: z.enum(['client', 'server', 'command']),
    proto: protoSchema,
    target: TargetSchema.optional(),
    /** For role server: the port to bind (0 = any). */
    port: port.optional(),
    /** recvfrom(bufsize) for UDP clients and servers; default 2048. */
    bufsize: z.int().min(1).max(65535).optional(),
    /** TCP client only: keep one connection for many lines, an empty line closes it (lesson 5). */
    persistent: z.boolean().optional(),
    /** TCP client only: lines are gathered until an empty line and sent together as one request, each
     * ending in \r\n, over a new connection (an HTTP request typed by hand, lesson 8). */
    multiline: z.boolean().optional(),
    /** A short name the lesson's text uses for this console ("A", "B"), shown in its header. */
    label: z.string().min(1).max(12).optional(),
  },
  Component: () => import.meta.glob('../ConsolePanel.tsx', { import: 'ConsolePanel' }),
});
