// The exchanges the lessons show, as the bridge reports them, folded into the flow model: what the
// export tests save and the import tests expect back.
import type { Address, Event } from '../../protocol/messages.js';
import type { Translate } from '../../web/flow/describe.js';
import type { FlowView } from '../../web/flow/types.js';
import type { ExportInput } from '../../web/pcap/export.js';
import en from '../../web/i18n/locales/en/flow.json' with { type: 'json' };
import pcap from '../../web/i18n/locales/en/pcap.json' with { type: 'json' };
import { TcpRelayScript } from '../web/flow/relay-script.js';
import { A, b64, build, LAB_TCP, Script } from '../web/flow/script.js';

type Tree = { [key: string]: string | Tree };

/** A small t() over the English files, with i18next's plural "_one"/"_other" and {{x}}. */
export const t: Translate = (key, options = {}) => {
  const [tree, path] = key.startsWith('pcap:') ? [pcap as Tree, key.slice(5)] : [en as Tree, key];
  let node: string | Tree | undefined = tree;
  const parts = path.split('.');
  for (const [i, part] of parts.entries()) {
    if (typeof node !== 'object') break;
    const count = options.count;
    const here: Tree = node;
    node = i === parts.length - 1 && typeof count === 'number' ? (here[`${part}_${count === 1 ? 'one' : 'other'}`] ?? here[part]) : here[part];
  }
  const found: unknown = node;
  if (typeof found !== 'string') return key;
  return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = options[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  });
};

/** Bridge time 0 is this wall-clock time (ms). */
export const EPOCH_MS = Date.UTC(2026, 11, 6, 2, 0, 0);

export function exportInput(script: Script): ExportInput & { view: FlowView; events: Event[] } {
  const { view } = build(script, { lostAfterUs: 1e12 });
  const state = script.state();
  const bySeq = new Map(state.trace.map((e) => [e.seq, e.event]));
  return { view, events: script.events, eventOf: (seq) => (seq === undefined ? undefined : bySeq.get(seq)), wallTime: (t) => EPOCH_MS + t / 1000, t };
}

export const CLIENT_UDP = A(50123);
export const CLIENT_TCP = A(50124);
export const SERVER = A(12000);
export const V6_CLIENT: Address = { address: '::1', port: 50125, family: 'IPv6' };
export const V6_SERVER: Address = { address: '::1', port: 12000, family: 'IPv6' };

/** Lesson 0: one datagram to the lab's UDP uppercase server and its reply. */
export function lesson0(): Script {
  return new Script()
    .hello()
    .add({ type: 'udp.bound', sock: 'udp-client-1', local: CLIENT_UDP, bufsize: 2048 })
    .udpExchange('udp-client-1', CLIENT_UDP.port, 'hello world');
}

/** Lesson 4: connect, accept, a sentence and its capitals, then both sides close. */
export function lesson4(text = 'hello tcp', client = CLIENT_TCP, server = SERVER): Script {
  const conn = `${LAB_TCP}#1`;
  const size = Buffer.byteLength(text);
  return new Script()
    .hello()
    .add(
      { type: 'tcp.connecting', sock: 'tcp-client-1', remote: server },
      { type: 'tcp.connected', sock: 'tcp-client-1', local: client, remote: server },
      { type: 'tcp.accepted', sock: LAB_TCP, conn, local: server, remote: client },
      { type: 'tcp.sent', sock: 'tcp-client-1', size, data: b64(text) },
      { type: 'tcp.received', sock: conn, size, data: b64(text) },
      { type: 'tcp.sent', sock: conn, size, data: b64(text.toUpperCase()) },
      { type: 'tcp.received', sock: 'tcp-client-1', size, data: b64(text.toUpperCase()) },
      { type: 'tcp.finSent', sock: 'tcp-client-1' },
      { type: 'tcp.peerClosed', sock: conn },
      { type: 'tcp.finSent', sock: conn },
      { type: 'tcp.peerClosed', sock: 'tcp-client-1' },
      { type: 'socket.closed', sock: conn, reason: 'local' },
      { type: 'socket.closed', sock: 'tcp-client-1', reason: 'local' },
    );
}

/** Lesson 9: a TCP sentence through the lossy relay, which loses its first piece: TCP sends it
 * again 300 ms later and the second piece waits behind it. */
export function lesson9(): TcpRelayScript {
  const s = new TcpRelayScript();
  s.send('abcdefgh', [
    { copies: [1], lost: true, retransmission: true, delays: [300] },
    { copies: [2], delays: [300] },
  ]);
  s.wait(300_000);
  return s.deliver('abcd').deliver('efgh');
}
