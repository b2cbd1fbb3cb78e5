// Checks of the student's client programs: the lab becomes the server on a port the student's
// client sends to, answers like the textbook server, and reports what arrived.
import { fromBase64, LabError } from '../../protocol/client.js';
import type { EventOf } from '../../protocol/messages.js';
import { preview, textOf } from './probes.js';
import { fail, pass, pause, type CaseResult, type CheckContext } from './types.js';

export interface ClientCheckOptions {
  /** Called once the lab listens: the page now tells the student to start their client. */
  onReady?: (port: number) => void;
  /** How long to wait for the student's client to show up, in ms. */
  arriveMs?: number;
}

const encoder = new TextEncoder();

/** Below this, a client's port was not chosen by the OS (Linux picks from 32768, Windows and macOS
 * from 49152): the client bound it. */
const EPHEMERAL_FROM = 32768;

/** The lab's side of a client check could not take the port: say who holds it, instead of failing
 * without a word. On TCP, a connect nobody answers means no program listens there: the port is held
 * by connections the student's server closed, waiting in TIME_WAIT. */
async function portHeld(ctx: CheckContext, error: unknown, proto: 'udp' | 'tcp'): Promise<CaseResult[]> {
  if (!(error instanceof LabError) || error.code !== 'EADDRINUSE') throw error;
  if (proto === 'udp') return [fail('port', 'port-in-use-udp', { port: ctx.port })];
  const probe = ctx.newId('check-probe');
  const listening = await ctx.client.tcpConnect(probe, ctx.host, ctx.port).then(
    () => true,
    () => false,
  );
  await ctx.client.closeSocket(probe).catch(() => undefined);
  return [listening ? fail('port', 'port-in-use', { port: ctx.port }) : fail('port', 'port-time-wait', { port: ctx.port })];
}

/** UDPClient.py: one datagram arrives; the lab answers in capitals. */
export async function checkUdpClient(ctx: CheckContext, options: ClientCheckOptions = {}): Promise<CaseResult[]> {
  const { client } = ctx;
  const sock = ctx.newId('check-srv');
  let bound: Awaited<ReturnType<typeof client.udpOpen>>;
  try {
    bound = await client.udpOpen(sock, { port: ctx.port });
  } catch (error) {
    return portHeld(ctx, error, 'udp');
  }
  try {
    options.onReady?.(bound.local.port);
    const got = await client.next('udp.received', (e) => e.sock === sock, options.arriveMs ?? 30_000, ctx.signal).catch(() => undefined);
    ctx.signal?.throwIfAborted();
    if (!got) return [fail('arrived', 'client-silent', { port: bound.local.port, seconds: (options.arriveMs ?? 30_000) / 1000 })];
    const bytes = fromBase64(got.data);
    const text = textOf(bytes);
    await client.udpSend(sock, got.from.address, got.from.port, encoder.encode(text.toUpperCase()));
    const results: CaseResult[] = [pass('arrived', 'client-sent', { size: got.size, text: preview(bytes), from: got.from.port })];
    results.push(
      got.from.port === ctx.labPorts['udp-upper'] || got.from.port < EPHEMERAL_FROM
        ? fail('source-port', 'client-fixed-port', { from: got.from.port })
        : pass('source-port', 'client-ephemeral', { from: got.from.port }),
    );
    results.push(text.length === 0 ? fail('sentence', 'client-empty') : pass('sentence', 'client-text', { text: preview(bytes) }));
    return results;
  } finally {
    await client.closeSocket(sock).catch(() => undefined);
  }
}

/** TCPClient.py: connects, sends a sentence, reads the reply, closes. */
export async function checkTcpClient(ctx: CheckContext, options: ClientCheckOptions = {}): Promise<CaseResult[]> {
  const { client } = ctx;
  const sock = ctx.newId('check-listen');
  let listening: Awaited<ReturnType<typeof client.tcpListen>>;
  try {
    listening = await client.tcpListen(sock, ctx.port, { backlog: 1 });
  } catch (error) {
    return portHeld(ctx, error, 'tcp');
  }
  let conn: string | undefined;
  try {
    options.onReady?.(listening.local.port);
    const accepted = await client.next('tcp.accepted', (e) => e.sock === sock, options.arriveMs ?? 30_000, ctx.signal).catch(() => undefined);
    ctx.signal?.throwIfAborted();
    if (!accepted) return [fail('arrived', 'client-silent', { port: listening.local.port, seconds: (options.arriveMs ?? 30_000) / 1000 })];
    conn = accepted.conn;
    const data = await client.waitFor('tcp.received', (e) => e.sock === conn, ctx.waitMs, ctx.signal).catch(() => undefined);
    ctx.signal?.throwIfAborted();
    const results: CaseResult[] = [pass('connected', 'client-connected', { from: accepted.remote.port })];
    if (!data) return [...results, fail('sentence', 'client-sent-nothing', { seconds: ctx.waitMs / 1000 })];
    const bytes = fromBase64(data.data);
    results.push(pass('sentence', 'client-text', { text: preview(bytes) }));
    await client.tcpSend(conn, encoder.encode(textOf(bytes).toUpperCase()));
    await client.closeSocket(conn);
    conn = undefined;
    return results;
  } finally {
    if (conn) await client.closeSocket(conn).catch(() => undefined);
    await client.closeSocket(sock).catch(() => undefined);
  }
}

/** UDPPinger client: ten pings "Ping n time", a one-second timeout, going on after a loss.
 * The lab answers every ping but the ones in `drop`, and watches the gaps. */
export async function checkPingerClient(ctx: CheckContext, options: ClientCheckOptions & { drop?: number[] } = {}): Promise<CaseResult[]> {
  const { client } = ctx;
  const drop = new Set(options.drop ?? [3, 7]);
  const sock = ctx.newId('check-pinger');
  let bound: Awaited<ReturnType<typeof client.udpOpen>>;
  try {
    bound = await client.udpOpen(sock, { port: ctx.port });
  } catch (error) {
    return portHeld(ctx, error, 'udp');
  }
  const pings: { n: number; at: number; text: string }[] = [];
  let malformed: string | undefined;
  let count = 0;
  let wake: (() => void) | undefined;
  const stop = client.onEvent((e) => {
    if (e.type !== 'udp.received' || e.sock !== sock) return;
    void answer(e);
    wake?.();
  });
  const answer = async (e: EventOf<'udp.received'>) => {
    count++;
    const text = textOf(fromBase64(e.data));
    const match = /^Ping (\d+) (\S+)$/.exec(text.trim());
    if (!match) {
      malformed ??= text.slice(0, 40);
      return;
    }
    const n = Number(match[1]);
    pings.push({ n, at: e.t / 1000, text });
    if (!drop.has(count)) await client.udpSend(sock, e.from.address, e.from.port, encoder.encode(text.toUpperCase())).catch(() => undefined);
  };
  try {
    options.onReady?.(bound.local.port);
    const firstBy = Date.now() + (options.arriveMs ?? 30_000);
    // wait for ten pings, or for the client to fall silent (it waits forever after a lost reply)
    let lastCount = -1;
    let quietSince = Date.now();
    while (Date.now() < firstBy + 20_000) {
      ctx.signal?.throwIfAborted();
      if (count >= 10) break;
      if (count !== lastCount) {
        lastCount = count;
        quietSince = Date.now();
      }
      if (count === 0 && Date.now() > firstBy) break;
      if (count > 0 && Date.now() - quietSince > 8000) break; // a client with a one-second timeout is never this quiet
      await pause(100, ctx.signal, (w) => (wake = w));
    }
    ctx.signal?.throwIfAborted();
    if (count === 0) return [fail('arrived', 'client-silent', { port: bound.local.port, seconds: (options.arriveMs ?? 30_000) / 1000 })];
    const results: CaseResult[] = [];
    results.push(malformed === undefined ? pass('format', 'pinger-format') : fail('format', 'pinger-bad-format', { text: malformed }));
    const firstDropped = [...drop].sort((a, b) => a - b).find((d) => d <= pings.length);
    if (count < 10 && firstDropped !== undefined && count <= firstDropped) {
      results.push(fail('timeout', 'pinger-no-timeout', { n: firstDropped }));
    } else if (firstDropped !== undefined && pings[firstDropped]) {
      const gap = pings[firstDropped].at - pings[firstDropped - 1]!.at;
      results.push(
        gap >= 800 && gap <= 2500
          ? pass('timeout', 'pinger-timeout', { n: firstDropped, ms: Math.round(gap) })
          : fail('timeout', 'pinger-timeout-length', { ms: Math.round(gap) }),
      );
    }
    results.push(count >= 10 ? pass('count', 'pinger-ten', { count }) : fail('count', 'pinger-fewer', { count }));
    return results;
  } finally {
    stop();
    await client.closeSocket(sock).catch(() => undefined);
  }
}
