import { describe, expect, it } from 'vitest';
import { acceptedId, baseSocketId, labSocketId, parseSocketId, socketOwner, upstreamId } from '../../protocol/socket-ids.js';

describe('socket ids', () => {
  it('builds the ids the bridge gives its sockets', () => {
    expect(labSocketId('udp-upper')).toBe('lab:udp-upper');
    expect(acceptedId(labSocketId('tcp-upper'), 3)).toBe('lab:tcp-upper#3');
    expect(upstreamId('path', 1)).toBe('path~1');
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
    expect(baseSocketId('path~7')).toBe('path');
  });
});
