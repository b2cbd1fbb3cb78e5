import { describe, expect, it } from 'vitest';
import {
  acceptedId,
  baseSocketId,
  belongsTo,
  connectionNumber,
  isLabSocket,
  isPageSocket,
  isUpstreamId,
  labSocketId,
  pageSocketId,
  parseSocketId,
  socketOwner,
  upstreamId,
} from '../../protocol/socket-ids.js';
import { SOCKET_ID_PATTERN } from '../../protocol/limits.js';

describe('socket ids', () => {
  it('builds the ids the bridge gives its sockets', () => {
    expect(labSocketId('udp-upper')).toBe('lab:udp-upper');
    expect(acceptedId(labSocketId('tcp-upper'), 3)).toBe('lab:tcp-upper#3');
    expect(upstreamId('path', 1)).toBe('path~1');
  });

  it('numbers the page sockets from a prefix, in the shape the bridge accepts from the page', () => {
    expect(pageSocketId('udp-client', 3)).toBe('udp-client-3');
    expect(SOCKET_ID_PATTERN.test(pageSocketId('udp-client', 3))).toBe(true);
    // what the bridge derives never passes for a page's own id
    for (const id of [labSocketId('udp-upper'), acceptedId('srv', 1), upstreamId('path', 1)]) expect(SOCKET_ID_PATTERN.test(id)).toBe(false);
  });

  it('reads back what it built, whoever owns the socket', () => {
    expect(parseSocketId('udp-client-1')).toEqual({ owner: 'page', base: 'udp-client-1' });
    expect(parseSocketId('lab:udp-upper')).toEqual({ owner: 'lab', base: 'lab:udp-upper', server: 'udp-upper' });
    expect(parseSocketId(acceptedId('lab:tcp-upper', 12))).toEqual({ owner: 'lab', base: 'lab:tcp-upper', server: 'tcp-upper', accepted: 12 });
    expect(parseSocketId(acceptedId('srv', 1))).toEqual({ owner: 'page', base: 'srv', accepted: 1 });
    expect(parseSocketId(upstreamId('path', 2))).toEqual({ owner: 'page', base: 'path', upstream: 2 });
  });

  it('tells the owner and the base of any id', () => {
    expect(socketOwner('lab:echo-tcp#2')).toBe('lab');
    expect(socketOwner('my-lab:x')).toBe('page');
    expect(isLabSocket('lab:echo-tcp#2')).toBe(true);
    expect(isPageSocket('lab:echo-tcp#2')).toBe(false);
    expect(isPageSocket('srv#2')).toBe(true);
    expect(baseSocketId('path~7')).toBe('path');
    expect(baseSocketId('lab:tcp-upper#3')).toBe('lab:tcp-upper');
    expect(baseSocketId('udp-client-1')).toBe('udp-client-1');
  });

  it("tells a relay's sockets towards the server from its client side", () => {
    expect(isUpstreamId(upstreamId('path', 1))).toBe(true);
    expect(isUpstreamId(acceptedId('path', 1))).toBe(false);
    expect(isUpstreamId('path')).toBe(false);
  });

  it('gives the number a TCP relay pairs its two sockets by', () => {
    expect(connectionNumber(acceptedId('path', 3))).toBe(3);
    expect(connectionNumber(upstreamId('path', 3))).toBe(3);
    expect(connectionNumber(acceptedId('lab:tcp-upper', 12))).toBe(12);
    expect(connectionNumber('udp-client-4')).toBeUndefined();
    expect(connectionNumber('lab:udp-upper')).toBeUndefined();
  });

  it('tells which sockets a name covers: the socket, what derives from it, a server, a numbered prefix', () => {
    expect(belongsTo('lab:tcp-upper#3', 'tcp-upper')).toBe(true);
    expect(belongsTo('lab:tcp-upper', 'tcp-upper')).toBe(true);
    expect(belongsTo('lab:tcp-upper#3', 'lab:tcp-upper')).toBe(true);
    expect(belongsTo('udp-client-4', 'udp-client')).toBe(true);
    expect(belongsTo('udp-client-4', 'udp-client-4')).toBe(true);
    expect(belongsTo('srv#2', 'srv')).toBe(true);
    expect(belongsTo('srv#2', 'srv#2')).toBe(true);
    expect(belongsTo('path~1', 'path')).toBe(true);
    // a console's server and relay: their connections and upstream sockets too
    expect(belongsTo('tcp-server-1#2', 'tcp-server')).toBe(true);
    expect(belongsTo('tcp-path-2~1', 'tcp-path')).toBe(true);
    expect(belongsTo('udp-client-x', 'udp-client')).toBe(false);
    expect(belongsTo('udp-client-4', 'udp')).toBe(false);
    expect(belongsTo('lab:tcp-uppercase', 'tcp-upper')).toBe(false);
    expect(belongsTo('lab:udp-client-4', 'udp-client')).toBe(false);
    expect(belongsTo('srv2', 'srv')).toBe(false);
  });
});
