// Every command of command mode, one entry each (./<name>.ts, its shape in ../entry.ts), in the
// order help lists them: the list the parser, tab completion, help and command mode are built
// from. A new command is a file here, a line below and its help texts in console.json (en, ko);
// test/conventions/registries.test.ts fails when one is missing.
import type { CommandEntry } from '../entry.js';
import accept from './accept.js';
import bind from './bind.js';
import close from './close.js';
import connect from './connect.js';
import exit from './exit.js';
import help from './help.js';
import listen from './listen.js';
import recv from './recv.js';
import recvfrom from './recvfrom.js';
import send from './send.js';
import sendto from './sendto.js';
import shutdown from './shutdown.js';
import socket from './socket.js';
import sockets from './sockets.js';

export const COMMAND_ENTRIES = [socket, bind, sendto, recvfrom, connect, send, recv, listen, accept, shutdown, close, sockets, help, exit] as const;

type Entry = (typeof COMMAND_ENTRIES)[number];
/** A typed command: what one entry's parse returns. */
export type Command = Entry extends infer E ? (E extends CommandEntry<string, infer C> ? C : never) : never;
export type CommandName = Entry['name'];

/** The entries as help lists them (their metadata; the typed union is COMMAND_ENTRIES). */
export const COMMANDS: readonly CommandEntry[] = COMMAND_ENTRIES;

export function commandNamed(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
