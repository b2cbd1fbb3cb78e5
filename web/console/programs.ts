// Which program a console runs, from its panel spec: the textbook client (with command mode one
// ":cmd" away), the textbook server, or command mode alone. No DOM.
import type { SpecOf } from '../panels/types.js';
import { ClientMode } from './client-mode.js';
import { CommandMode } from './command-mode.js';
import type { ConsoleController } from './controller.js';
import type { LabLink } from './link.js';
import { ServerMode } from './server-mode.js';
import { defaultTarget } from '../lab/targets.js';
import { RECVFROM_BUFSIZE } from '../../protocol/textbook.js';

export const DEFAULT_BUFSIZE = RECVFROM_BUFSIZE;

export interface ProgramHooks {
  /** The socket the console's header describes now. */
  onSocket: (id: string | undefined) => void;
  /** Whether command mode is in front (the header says so). */
  onCommandMode?: (on: boolean) => void;
}

/** The string namespaces the spec's program prints from besides "console": lesson 5's echo client
 * (a persistent TCP client) speaks "framing", lesson 8's raw HTTP client (a multiline TCP client)
 * "http". They come with the console that runs such a program, not with the page (web/i18n). */
export function programNamespaces(spec: Pick<SpecOf<'console'>, 'role' | 'proto' | 'persistent' | 'multiline'>): string[] {
  if (spec.role !== 'client' || spec.proto !== 'tcp') return [];
  return [...(spec.persistent ? ['framing'] : []), ...(spec.multiline ? ['http'] : [])];
}

/** Starts the spec's program in the console; returns the function that stops it. */
export function startProgram(spec: SpecOf<'console'>, console: ConsoleController, link: LabLink, hooks: ProgramHooks): () => void {
  const bufsize = spec.bufsize ?? DEFAULT_BUFSIZE;
  const target = spec.target ?? defaultTarget(spec.proto);
  if (spec.role === 'server') {
    const server = new ServerMode(console, link, { proto: spec.proto, port: spec.port ?? 0, bufsize }, hooks);
    console.setMode(server);
    return () => server.dispose();
  }
  if (spec.role === 'command') {
    const commands = new CommandMode(console, link, { onSocket: hooks.onSocket, proto: spec.proto }, spec.target);
    hooks.onCommandMode?.(true);
    console.setMode(commands);
    return () => commands.dispose();
  }
  let commands: CommandMode | undefined;
  let clientSocket: string | undefined;
  const client: ClientMode = new ClientMode(
    console,
    link,
    { proto: spec.proto, target, bufsize, persistent: spec.persistent, multiline: spec.multiline },
    {
      onSocket: (id) => {
        clientSocket = id;
        hooks.onSocket(id);
      },
      enterCommandMode: () => {
        commands = new CommandMode(
          console,
          link,
          {
            onSocket: hooks.onSocket,
            proto: spec.proto,
            exit: () => {
              // leaving command mode closes the sockets made there; the client's own socket stays
              commands?.dispose();
              commands = undefined;
              hooks.onCommandMode?.(false);
              hooks.onSocket(clientSocket);
              console.setMode(client, false);
            },
          },
          target,
        );
        hooks.onCommandMode?.(true);
        hooks.onSocket(undefined);
        console.setMode(commands);
      },
    },
  );
  console.setMode(client);
  return () => {
    commands?.dispose();
    client.dispose();
  };
}
