import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encapsulate, ipv4Header, type Header } from '../../../web/net/headers.js';
import { ROOT } from '../../support/bridge-process.js';
import { SOCKET_STATES } from '../../../protocol/socket-states.js';

type Tree = { [key: string]: string | Tree };
const load = (lang: string): Tree => JSON.parse(readFileSync(join(ROOT, 'web/i18n/locales', lang, 'flow.json'), 'utf8')) as Tree;
/** The string at a dotted key; for a plural key, its "_other" form. */
function lookup(tree: Tree, key: string): string | undefined {
  const parts = key.split('.');
  let node: string | Tree | undefined = tree;
  for (const [i, part] of parts.entries()) {
    if (typeof node !== 'object') return undefined;
    node = node[part] ?? (i === parts.length - 1 ? node[`${part}_other`] : undefined);
  }
  return typeof node === 'string' ? node : undefined;
}

const headers: Header[] = [
  ...encapsulate({ proto: 'udp', src: '127.0.0.1', dst: '127.0.0.1', srcPort: 1, dstPort: 2, payload: new Uint8Array(3), length: 9 }),
  ...encapsulate({ proto: 'tcp', src: '::1', dst: '::1', srcPort: 1, dstPort: 2, flags: { syn: true }, payloadLength: 0 }),
  ...encapsulate({ proto: 'tcp', src: '127.0.0.1', dst: '127.0.0.1', srcPort: 1, dstPort: 2, flags: { ack: true, psh: true }, payloadLength: 5 }),
  ipv4Header('10.0.0.1', '10.0.0.2', 17, 0),
];

const USED = [
  ...['datagram', 'data', 'syn', 'synAck', 'ack', 'fin', 'rst'].flatMap((a) => [`arrowName.${a}`, `inspector.title.${a}`]),
  ...['delivered', 'pending', 'lost', 'refused', 'external', 'unread'].map((f) => `fate.${f}`),
  ...['bound', 'listening', 'accepted', 'recv', 'recvEof', 'dropped', 'error', 'errorNoCall'].map((m) => `mark.${m}`),
  ...['local', 'peer', 'error', 'session', 'server'].map((r) => `mark.closedBy.${r}`),
  ...['lost', 'resent', 'duplicated', 'reordered', 'blocked', 'blockedRun', 'retransmission', 'held', 'released', 'dropped', 'retransmitted'].map(
    (r) => `mark.relay.${r}`,
  ),
  ...['dir.toServer', 'dir.toClient', 'head.upstream', 'inspector.relay', 'relayNote.tag.retransmission'],
  ...['in', 'out'].flatMap((stage) => [`relayNote.${stage}.toServer`, `relayNote.${stage}.toClient`]),
  ...['lost', 'numbered', 'duplicated', 'dropped', 'packet', 'delayed', 'retransmission', 'resendOf', 'blocked', 'duplicate', 'reordered', 'held'].map(
    (n) => `relayNote.${n}`,
  ),
  ...['udp', 'tcp', 'welcoming', 'client'].map((k) => `sockets.kind.${k}`),
  ...SOCKET_STATES.map((s) => `sockets.stateMeaning.${s}`),
  ...['ipv4', 'ipv6', 'udp', 'tcp'].map((l) => `inspector.layer.${l}`),
];

describe.each(['en', 'ko'])('flow strings in %s', (lang) => {
  const tree = load(lang);

  it('name and explain every header field the headers module produces, and every note it cites', () => {
    const missing = headers
      .flatMap((h) => h.fields.flatMap((f) => [f.nameKey, f.meaningKey, ...(f.noteKey ? [f.noteKey] : [])]))
      .filter((k) => !lookup(tree, k));
    expect(missing).toEqual([]);
  });

  it('have words for every arrow, fate, mark, socket kind and state the panels show', () => {
    expect(USED.filter((k) => !lookup(tree, k))).toEqual([]);
  });
});
