import { describe, expect, it } from 'vitest';
import type { LabServerStatus } from '../../../protocol/messages.js';
import { socketTree } from '../../../web/flow/sockets-view.js';
import { A, b64, LAB_TCP, Script } from './script.js';

const servers: LabServerStatus[] = [
  { name: 'udp-upper', proto: 'udp', port: 12000, state: 'running', sock: 'lab:udp-upper' },
  { name: 'tcp-upper', proto: 'tcp', port: 12000, state: 'running', sock: LAB_TCP },
];

describe('sockets panel rows', () => {
  it('lists the lab servers from the server list, bound and listening', () => {
    const { lab, page } = socketTree({}, servers);
    expect(page).toEqual([]);
    expect(lab.map((e) => [e.socket.id, e.role, e.socket.state, e.socket.local?.port])).toEqual([
      ['lab:udp-upper', 'udp', 'bound', 12000],
      [LAB_TCP, 'welcoming', 'LISTEN', 12000],
    ]);
  });

  it('puts each connection socket under its welcoming socket, and the client apart', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'tcp.connecting', sock: 'c1', remote: A(12000) },
        { type: 'tcp.connected', sock: 'c1', local: A(45001), remote: A(12000) },
        { type: 'tcp.accepted', sock: LAB_TCP, conn: `${LAB_TCP}#1`, local: A(12000), remote: A(45001) },
        { type: 'tcp.connecting', sock: 'c2', remote: A(12000) },
        { type: 'tcp.connected', sock: 'c2', local: A(45002), remote: A(12000) },
        { type: 'tcp.accepted', sock: LAB_TCP, conn: `${LAB_TCP}#2`, local: A(12000), remote: A(45002) },
      );
    const state = s.state();
    const { lab, page } = socketTree(state.sockets, state.servers);
    expect(page.map((e) => [e.socket.id, e.role, e.socket.state])).toEqual([
      ['c1', 'client', 'ESTABLISHED'],
      ['c2', 'client', 'ESTABLISHED'],
    ]);
    const welcoming = lab.find((e) => e.socket.id === LAB_TCP)!;
    expect(welcoming.connections.map((e) => [e.socket.id, e.role, e.socket.remote?.port])).toEqual([
      [`${LAB_TCP}#1`, 'tcp', 45001],
      [`${LAB_TCP}#2`, 'tcp', 45002],
    ]);
  });

  it('hides closed sockets unless they are still fading out', () => {
    const s = new Script()
      .hello()
      .add(
        { type: 'udp.bound', sock: 'u', local: A(50000), bufsize: 2048 },
        { type: 'udp.sent', sock: 'u', from: A(50000), to: A(12000), size: 1, data: b64('a') },
        { type: 'socket.closed', sock: 'u', reason: 'local' },
      );
    const state = s.state();
    expect(socketTree(state.sockets, state.servers).page).toEqual([]);
    expect(socketTree(state.sockets, state.servers, new Set(['u'])).page.map((e) => e.socket.state)).toEqual(['closed']);
  });
});
