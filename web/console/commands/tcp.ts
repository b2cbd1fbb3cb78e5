// connect(), send(), recv(), listen(), accept(), shutdown(): a TCP connection is a byte stream,
// so recv(BUFSIZE) returns whatever has arrived (up to BUFSIZE), and b'' once the peer closed.
import { printFailure } from '../failures.js';
import { decode, hostPort, pyAddress, pyBytes, pyStr } from '../text.js';
import type { Dest } from './parse-args.js';
import { destAddress, fits, pick, refuse, type CommandContext, type OwnSocket } from './context.js';
import { nextTcpState } from '../../../protocol/socket-states.js';
import { printWaitEnd } from './udp.js';

function tcpOnly(ctx: CommandContext, socket: OwnSocket, call: string, alt: string): boolean {
  if (socket.proto === 'tcp') return true;
  refuse(ctx, 'tcpOnly', { call, alt });
  return false;
}

export async function connectCall(ctx: CommandContext, sock: string | undefined, dest: Dest | undefined): Promise<void> {
  const socket = pick(ctx, sock, 'connect');
  if (!socket) return;
  if (!tcpOnly(ctx, socket, 'connect', 'sendto')) return;
  if (!fits(ctx, socket, 'connect')) return;
  const to = destAddress(ctx, dest);
  if (!to) return;
  const { client, inbox } = ctx.linked;
  inbox.watch(socket.name);
  try {
    const done = await client.tcpConnect(socket.name, to.host, to.port);
    socket.local = done.local;
    socket.peer = done.remote;
    ctx.io.print(ctx.io.t('cmd.connected', { local: hostPort(done.local), remote: hostPort(done.remote) }), 'ok');
  } catch (error) {
    inbox.unwatch(socket.name);
    printFailure(ctx.io, 'connect', error);
  }
}

export async function sendCall(ctx: CommandContext, sock: string | undefined, text: string): Promise<void> {
  const socket = pick(ctx, sock, 'send');
  if (!socket) return;
  if (!tcpOnly(ctx, socket, 'send', 'sendto')) return;
  if (!fits(ctx, socket, 'send')) return;
  try {
    const sent = await ctx.linked.client.tcpSend(socket.name, text);
    ctx.io.print(String(sent.size), 'out');
    ctx.io.print(ctx.io.t('cmd.sent', { count: sent.size }), 'note');
  } catch (error) {
    printFailure(ctx.io, 'send', error);
  }
}

export async function recvCall(ctx: CommandContext, sock: string | undefined, bufsize: number): Promise<void> {
  const socket = pick(ctx, sock, 'recv');
  if (!socket) return;
  if (!tcpOnly(ctx, socket, 'recv', 'recvfrom')) return;
  if (!fits(ctx, socket, 'recv')) return;
  ctx.io.print(ctx.io.t('cmd.waiting', { call: 'recv', name: socket.name }), 'note');
  const got = await ctx.linked.inbox.recv(socket.name, bufsize, ctx.waitMs, ctx.signal);
  if (!got.ok) return printWaitEnd(ctx, 'recv', got);
  const { bytes, eof } = got.value;
  ctx.io.print(pyBytes(bytes), 'out');
  if (eof) ctx.io.print(ctx.io.t('cmd.eof'), 'note');
  else if (bytes.some((b) => b >= 0x80)) ctx.io.print(ctx.io.t('cmd.decoded', { text: pyStr(decode(bytes)) }), 'note');
}

export async function listenCall(ctx: CommandContext, sock: string | undefined, backlog: number): Promise<void> {
  const socket = pick(ctx, sock, 'listen');
  if (!socket) return;
  if (!tcpOnly(ctx, socket, 'listen', 'bind')) return;
  if (!fits(ctx, socket, 'listen')) return;
  const { client, inbox } = ctx.linked;
  inbox.watch(socket.name);
  try {
    const listening = await client.tcpListen(socket.name, socket.bindTo?.port ?? 0, { host: socket.bindTo?.host, backlog });
    socket.local = listening.local;
    ctx.io.print(ctx.io.t('cmd.listening', { name: socket.name, local: hostPort(listening.local), backlog }), 'ok');
  } catch (error) {
    inbox.unwatch(socket.name);
    printFailure(ctx.io, 'listen', error);
  }
}

export async function acceptCall(ctx: CommandContext, sock: string | undefined): Promise<void> {
  const socket = pick(ctx, sock, 'accept');
  if (!socket) return;
  if (!tcpOnly(ctx, socket, 'accept', 'recvfrom')) return;
  if (!fits(ctx, socket, 'accept')) return;
  ctx.io.print(ctx.io.t('cmd.waiting', { call: 'accept', name: socket.name }), 'note');
  const got = await ctx.linked.inbox.accept(socket.name, ctx.waitMs, ctx.signal);
  if (!got.ok) return printWaitEnd(ctx, 'accept', got);
  const { conn, local, remote } = got.value;
  // followed since the kernel accepted it (or, kept no longer, as accept() returns it: ESTABLISHED)
  ctx.table.add(ctx.table.take(conn) ?? { name: conn, proto: 'tcp', state: nextTcpState('CLOSED', 'tcp.accepted'), local, peer: remote, parent: socket.name });
  ctx.io.print(`(${conn}, ${pyAddress(remote)})`, 'out');
  ctx.io.print(ctx.io.t('cmd.accepted', { conn, welcoming: socket.name, remote: hostPort(remote) }), 'note');
}

export async function shutdownCall(ctx: CommandContext, sock: string | undefined): Promise<void> {
  const socket = pick(ctx, sock, 'shutdown');
  if (!socket) return;
  if (!tcpOnly(ctx, socket, 'shutdown', 'close')) return;
  if (!fits(ctx, socket, 'shutdown')) return;
  try {
    await ctx.linked.client.tcpShutdown(socket.name);
    ctx.io.print(ctx.io.t('cmd.shutdown', { name: socket.name }), 'ok');
  } catch (error) {
    printFailure(ctx.io, 'shutdown', error);
  }
}
