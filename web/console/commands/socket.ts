// socket(), bind(), close() and the `sockets` list.
import { hostPort } from '../text.js';
import { printFailure } from '../failures.js';
import { fits, isFresh, pick, type CommandContext } from './context.js';

/** Command-mode UDP sockets keep whole datagrams (up to 65535 bytes) so each recvfrom(BUFSIZE)
 * can cut them to its own size, as the kernel does. */
export const KEEP_WHOLE_DATAGRAMS = 65535;

export function socketCall(ctx: CommandContext, proto: 'udp' | 'tcp', as: string | undefined): void {
  const name = as ?? ctx.link.lab.newSocketId(proto);
  ctx.table.add({ name, proto, state: proto === 'udp' ? 'unbound' : 'CLOSED' });
  ctx.io.print(`${name} = socket(AF_INET, ${proto === 'udp' ? 'SOCK_DGRAM' : 'SOCK_STREAM'})`, 'ok');
  ctx.io.print(ctx.io.t(`cmd.created.${proto}`, { name }), 'note');
}

/** UDP: the socket is opened and bound now. */
export async function openUdp(ctx: CommandContext, name: string, host: string | undefined, port: number): Promise<boolean> {
  const socket = ctx.table.get(name)!;
  const { client, inbox } = ctx.linked;
  inbox.watch(name);
  try {
    const bound = await client.udpOpen(name, { host, port, bufsize: KEEP_WHOLE_DATAGRAMS });
    socket.local = bound.local;
    return true;
  } catch (error) {
    inbox.unwatch(name);
    printFailure(ctx.io, 'bind', error);
    return false;
  }
}

export async function bindCall(ctx: CommandContext, sock: string | undefined, host: string | undefined, port: number): Promise<void> {
  const socket = pick(ctx, sock, 'bind');
  if (!socket) return;
  if (!fits(ctx, socket, 'bind')) return;
  if (socket.proto === 'tcp') {
    socket.bindTo = { host, port };
    ctx.io.print(ctx.io.t('cmd.bindTcp', { name: socket.name, port }), 'note');
    return;
  }
  if (await openUdp(ctx, socket.name, host, port)) {
    ctx.io.print(ctx.io.t('cmd.bound', { name: socket.name, local: hostPort(socket.local!) }), 'ok');
  }
}

export async function closeCall(ctx: CommandContext, sock: string | undefined): Promise<void> {
  const socket = pick(ctx, sock, 'close');
  if (!socket) return;
  ctx.table.remove(socket.name);
  if (isFresh(socket)) {
    ctx.io.print(ctx.io.t('cmd.closedNew', { name: socket.name }), 'ok');
    return;
  }
  const { client, inbox } = ctx.linked;
  if (socket.released) {
    // the bridge let go of it already (both FINs gone by, or a reset): close() gives back the name
    inbox.unwatch(socket.name);
    ctx.io.print(ctx.io.t('cmd.closed', { name: socket.name }), 'ok');
    return;
  }
  try {
    await client.closeSocket(socket.name);
    ctx.io.print(ctx.io.t('cmd.closed', { name: socket.name }), 'ok');
  } catch (error) {
    printFailure(ctx.io, 'close', error);
  } finally {
    inbox.unwatch(socket.name);
  }
}

export function socketsCall(ctx: CommandContext): void {
  const all = ctx.table.all();
  if (all.length === 0) {
    ctx.io.print(ctx.io.t('cmd.noSockets'), 'note');
    return;
  }
  for (const s of all) {
    const local = s.local ? hostPort(s.local) : '-';
    const peer = s.peer ? ` → ${hostPort(s.peer)}` : '';
    const mark = s.name === ctx.table.current ? '*' : ' ';
    ctx.io.print(`${mark} ${s.name.padEnd(14)} ${s.proto.toUpperCase()}  ${local}${peer}  (${s.state})`, 'out');
  }
}
