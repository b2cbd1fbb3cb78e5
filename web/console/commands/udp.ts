// sendto() and recvfrom(): whole datagrams, each with the address it came from or goes to.
import { fromBase64 } from '../../../protocol/client.js';
import { printCode, printFailure } from '../failures.js';
import { decode, hostPort, pyAddress, pyBytes, pyStr } from '../text.js';
import type { Dest } from './parse-args.js';
import { destAddress, fits, isFresh, pick, refuse, type CommandContext } from './context.js';
import { openUdp } from './socket.js';

export async function sendtoCall(ctx: CommandContext, sock: string | undefined, text: string, dest: Dest | undefined): Promise<void> {
  const socket = pick(ctx, sock, 'sendto');
  if (!socket) return;
  if (socket.proto !== 'udp') return refuse(ctx, 'udpOnly', { call: 'sendto', alt: 'send' });
  const to = destAddress(ctx, dest);
  if (!to) return;
  if (isFresh(socket)) {
    // the first sendto() of an unbound socket makes the OS bind it to a free (ephemeral) port
    if (!(await openUdp(ctx, socket.name, undefined, 0))) return;
    ctx.io.print(ctx.io.t('cmd.autoBound', { name: socket.name, local: hostPort(socket.local!) }), 'note');
  }
  try {
    const sent = await ctx.linked.client.udpSend(socket.name, to.host, to.port, text);
    ctx.io.print(String(sent.size), 'out');
    ctx.io.print(ctx.io.t('cmd.sentto', { count: sent.size, from: hostPort(sent.from), to: hostPort(sent.to) }), 'note');
  } catch (error) {
    printFailure(ctx.io, 'sendto', error);
  }
}

export async function recvfromCall(ctx: CommandContext, sock: string | undefined, bufsize: number): Promise<void> {
  const socket = pick(ctx, sock, 'recvfrom');
  if (!socket) return;
  if (socket.proto !== 'udp') return refuse(ctx, 'udpOnly', { call: 'recvfrom', alt: 'recv' });
  if (!fits(ctx, socket, 'recvfrom')) return;
  ctx.io.print(ctx.io.t('cmd.waiting', { call: 'recvfrom', name: socket.name }), 'note');
  const got = await ctx.linked.inbox.recvfrom(socket.name, ctx.waitMs, ctx.signal);
  if (!got.ok) return printWaitEnd(ctx, 'recvfrom', got);
  const whole = fromBase64(got.value.data);
  const kept = whole.subarray(0, bufsize);
  ctx.io.print(`(${pyBytes(kept)}, ${pyAddress(got.value.from)})`, 'out');
  if (kept.some((b) => b >= 0x80)) ctx.io.print(ctx.io.t('cmd.decoded', { text: pyStr(decode(kept)) }), 'note');
  if (got.value.size > kept.length) {
    ctx.io.print(ctx.io.t('client.truncated', { bufsize, kept: kept.length, size: got.value.size }), 'note');
  }
}

/** What a wait that returned nothing means: stopped by Ctrl-C, timed out, socket gone, or an error. */
export function printWaitEnd(
  ctx: CommandContext,
  call: string,
  got: { reason: 'timeout' | 'aborted' | 'closed' } | { reason: 'error'; code: string; message: string },
): void {
  switch (got.reason) {
    case 'timeout':
      return ctx.io.print(ctx.io.t('cmd.timeout', { call, seconds: Math.round(ctx.waitMs / 1000) }), 'note');
    case 'aborted':
      return ctx.io.print(ctx.io.t('client.interrupted'), 'note');
    case 'closed':
      return ctx.io.print(ctx.io.t('cmd.socketGone'), 'error');
    case 'error':
      return printCode(ctx.io, call, got.code, got.message);
  }
}
