// The relay between a client and a server, with its loss/delay controls and the hold.
import { z } from '../../../protocol/zod.js';
import { SOCKET_ID_PATTERN } from '../../../protocol/limits.js';
import { RelaySettings } from '../../../protocol/messages.js';
import { definePanel, port, protoSchema, TargetSchema } from '../entry.js';

export default definePanel({
  type: 'relay',
  spec: {
    proto: protoSchema,
    target: TargetSchema,
    /** The port clients send to (0 or absent: the OS chooses; the panel shows it). */
    port: z.optional(port),
    settings: z.optional(z.partial(RelaySettings)),
    /** The relay's socket id, so a pinger panel can send through it. */
    relay: z.optional(z.string().check(z.regex(SOCKET_ID_PATTERN))),
  },
  Component: () => import.meta.glob('../../relay/RelayPanel.tsx', { import: 'RelayPanel' }),
});
