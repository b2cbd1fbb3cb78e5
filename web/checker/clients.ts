// Checks of the student's client programs: the lab becomes the server on a port the student's
// client sends to, answers like the textbook server, and reports what arrived.
import { fromBase64 } from '../../protocol/client.js';
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

/** UDPClient.py: one datagram arrives; the lab answers in capitals. */
export async function checkUdpClient(ctx: CheckContext, options: ClientCheckOptions = {}): Promise<CaseResult[]> {
  const { client } = ctx;
  const sock = ctx.newId('check-srv');
  const bound = await client.udpOpen(sock, { port: ctx.port });
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
      got.from.port === ctx.labPorts['udp-upper'] || got.from.port < 1024
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
  const listening = await client.tcpListen(sock, ctx.port, { backlog: 1 });
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
  const bound = await client.udpOpen(sock, { port: ctx.port });
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
      const gap = pings[firstDropped]!.at - pings[firstDropped - 1]!.at;
      results.push(gap >= 800 && gap <= 2500 ? pass('timeout', 'pinger-timeout', { n: firstDropped, ms: Math.round(gap) }) : fail('timeout', 'pinger-timeout-length', { ms: Math.round(gap) }));
    }
    results.push(count >= 10 ? pass('count', 'pinger-ten', { count }) : fail('count', 'pinger-fewer', { count }));
    return results;
  } finally {
    stop();
    await client.closeSocket(sock).catch(() => undefined);
  }
}
