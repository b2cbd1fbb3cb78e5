// The class's bookkeeping without sockets: joining, tokens, what students may reach, the roster's
// servers and the lab servers' class-wide traffic, removal, the class demo of the relay, quotas.
import { describe, expect, it, vi } from 'vitest';
import { anyString, stringContaining } from '../support/matchers.js';
import { JOIN_CODE_PATTERN } from '../../protocol/classroom.js';
import type { EventBody, Request } from '../../protocol/messages.js';
import { Classroom, type StudentSession } from '../../bridge/classroom/classroom.js';
import { newJoinCode, parseJoinCode } from '../../bridge/classroom/code.js';
import { DEFAULT_CLASS_LIMITS } from '../../bridge/classroom/limits.js';
import { resolveClassroomAddress } from '../../bridge/classroom/address.js';
import { SocketCounter } from '../../bridge/quota.js';

const A = { address: '127.0.0.1', family: 'IPv4' as const };
const at = (port: number) => ({ ...A, port });

function classroom(limits = DEFAULT_CLASS_LIMITS) {
  const c = new Classroom('http://10.0.0.1:8400/join', limits, new SocketCounter(10_000), 'K7M-4QX');
  c.setLabServers([
    { name: 'udp-upper', proto: 'udp', port: 12000, sock: 'lab:udp-upper', state: 'running' },
    { name: 'tcp-upper', proto: 'tcp', port: 12000, sock: 'lab:tcp-upper', state: 'running' },
  ]);
  return c;
}

function seat(c: Classroom, name: string, from = `10.0.0.${name.length + 10}`) {
  const answer = c.join({ name, code: 'K7M-4QX' }, from);
  if (!answer.ok) throw new Error(answer.reason);
  const student = c.byToken(answer.token, from)!;
  const handled: Request[] = [];
  const session: StudentSession = { id: `sess-${name}`, handle: (r) => handled.push(r) };
  const ws = { close: vi.fn(), terminate: vi.fn() };
  c.attach(student, session, ws as unknown as Parameters<Classroom['attach']>[2]);
  const emit = (event: EventBody) => c.observe(student, session, event);
  return { answer, student, session, handled, ws, emit, from };
}

describe('join codes', () => {
  it('are two groups of three from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i++) expect(newJoinCode()).toMatch(JOIN_CODE_PATTERN);
    expect(newJoinCode()).not.toMatch(/[01OILUVSB58]/);
  });
  it('--join-code accepts any case and spacing, and refuses what students could not type back', () => {
    expect(parseJoinCode('k7m 4qx')).toBe('K7M-4QX');
    expect(parseJoinCode('K7M-O1X')).toBeUndefined();
    expect(parseJoinCode('K7M4')).toBeUndefined();
  });
});

describe('--classroom ADDR', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
    wlan0: [{ address: '192.168.0.10', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null }],
  } as unknown as Parameters<typeof resolveClassroomAddress>[1];
  it('takes an address of this machine or an interface name', () => {
    expect(resolveClassroomAddress('192.168.0.10', interfaces)).toEqual({ address: '192.168.0.10' });
    expect(resolveClassroomAddress('wlan0', interfaces)).toEqual({ address: '192.168.0.10' });
  });
  it('refuses loopback, foreign addresses and unknown names, listing the interfaces', () => {
    expect(resolveClassroomAddress('127.0.0.1', interfaces)).toMatchObject({ error: stringContaining('loopback') });
    expect(resolveClassroomAddress('10.9.9.9', interfaces)).toMatchObject({ error: stringContaining('wlan0') });
    expect(resolveClassroomAddress('eth7', interfaces)).toMatchObject({ error: stringContaining('wlan0') });
  });
});

describe('a class', () => {
  it('gives each student a token of their own that works only from where they joined', () => {
    const c = classroom();
    const ana = seat(c, 'Ana');
    const bo = seat(c, 'Bo');
    expect(ana.answer.token).not.toBe(bo.answer.token);
    expect(c.byToken(ana.answer.token, bo.from)).toBeUndefined();
    expect(c.byToken('not-a-token', ana.from)).toBeUndefined();
  });

  it('refuses a wrong code, and a full class', () => {
    const c = classroom({ ...DEFAULT_CLASS_LIMITS, students: 1 });
    expect(c.join({ name: 'X', code: 'AAA-AAA' }, '10.0.0.2')).toEqual({ ok: false, reason: 'wrongCode' });
    seat(c, 'Ana');
    expect(c.join({ name: 'Bo', code: 'k7m4qx' }, '10.0.0.3')).toEqual({ ok: false, reason: 'classFull' });
  });

  it('rotating the code refuses the old one', () => {
    const c = classroom();
    const code = c.rotate();
    expect(code).not.toBe('K7M-4QX');
    expect(c.join({ name: 'Late', code: 'K7M-4QX' }, '10.0.0.9')).toEqual({ ok: false, reason: 'wrongCode' });
    expect(c.join({ name: 'Late', code }, '10.0.0.9').ok).toBe(true);
  });

  it('students reach the lab servers and sockets classmates bound, by transport, nothing else', () => {
    const c = classroom();
    const ana = seat(c, 'Ana');
    expect(c.reachable('udp', '127.0.0.1', 12000)).toBe(true);
    expect(c.reachable('udp', '127.0.0.1', 40000)).toBe(false);
    ana.emit({ type: 'udp.bound', sock: 'srv', local: at(40000), bufsize: 2048 });
    expect(c.reachable('udp', '127.0.0.1', 40000)).toBe(true);
    expect(c.reachable('tcp', '127.0.0.1', 40000)).toBe(false);
    expect(c.reachable('udp', '127.0.0.2', 40000)).toBe(false);
    expect(c.state().students[0]!.servers).toEqual([{ sock: 'srv', proto: 'udp', address: '127.0.0.1', port: 40000 }]);
    ana.emit({ type: 'socket.closed', sock: 'srv', reason: 'local' });
    expect(c.reachable('udp', '127.0.0.1', 40000)).toBe(false);
    expect(c.state().students[0]!.servers).toEqual([]);
  });

  it('forgets what a session had bound when it ends', () => {
    const c = classroom();
    const ana = seat(c, 'Ana');
    ana.emit({ type: 'tcp.listening', sock: 'w', local: at(41000), backlog: 1 });
    c.detach(ana.student, ana.session);
    expect(c.reachable('tcp', '127.0.0.1', 41000)).toBe(false);
    expect(c.state().students[0]!.connected).toBe(false);
  });

  it('counts what each lab server got and from how many students', () => {
    const c = classroom();
    const ana = seat(c, 'Ana');
    const bo = seat(c, 'Bo');
    for (const s of [ana, ana, bo]) s.emit({ type: 'udp.sent', sock: 'c', from: at(50000), to: at(12000), size: 5, data: 'aGVsbG8=' });
    ana.emit({ type: 'udp.sent', sock: 'c', from: at(50000), to: at(40000), size: 5, data: 'aGVsbG8=' });
    bo.emit({ type: 'tcp.connected', sock: 't', local: at(50001), remote: at(12000) });
    expect(c.state().traffic).toEqual([
      { name: 'udp-upper', proto: 'udp', port: 12000, count: 3, students: 2 },
      { name: 'tcp-upper', proto: 'tcp', port: 12000, count: 1, students: 1 },
    ]);
  });

  it('removing a student revokes the token and closes their tabs', () => {
    const c = classroom();
    const ana = seat(c, 'Ana');
    expect(c.remove(ana.student.id)).toBe(true);
    expect(ana.ws.close).toHaveBeenCalledWith(4003, anyString());
    expect(c.byToken(ana.answer.token, ana.from)).toBeUndefined();
    expect(c.state().students).toEqual([]);
  });

  it("the class demo holds, steps and releases every student's relay", () => {
    const c = classroom();
    const ana = seat(c, 'Ana');
    const bo = seat(c, 'Bo');
    ana.emit({ type: 'relay.started', sock: 'relay', proto: 'udp', listen: at(43000), target: at(12005), settings: {} as never, held: false });
    expect(c.state().relays).toBe(1);
    expect(c.relayAll('hold')).toBe(1);
    c.relayAll('step');
    c.relayAll('release');
    expect(ana.handled).toEqual([
      { type: 'relay.hold', sock: 'relay', on: true },
      { type: 'relay.step', sock: 'relay', count: 1 },
      { type: 'relay.hold', sock: 'relay', on: false },
    ]);
    expect(bo.handled).toEqual([]);
  });

  it("mirrors a watched student's frames until the watch ends", () => {
    const c = classroom();
    const ana = seat(c, 'Ana');
    const got: string[] = [];
    const stop = c.watch(ana.student.id, (f) => got.push(f))!;
    c.tapped(ana.student, 'one');
    stop();
    c.tapped(ana.student, 'two');
    expect(got).toEqual(['one']);
  });

  it('a student holds at most their own sockets, and the class at most its total', () => {
    const c = classroom({ ...DEFAULT_CLASS_LIMITS, sockets: 3, student: { ...DEFAULT_CLASS_LIMITS.student, socketsPerSession: 2 } });
    const ana = seat(c, 'Ana');
    const bo = seat(c, 'Bo');
    expect([ana.student.sockets.acquire(), ana.student.sockets.acquire(), ana.student.sockets.acquire()]).toEqual([true, true, false]);
    expect([bo.student.sockets.acquire(), bo.student.sockets.acquire()]).toEqual([true, false]);
    ana.student.sockets.release();
    expect(bo.student.sockets.acquire()).toBe(true);
  });

  it('rate-limits join attempts per client address, not for everyone', () => {
    const c = classroom({ ...DEFAULT_CLASS_LIMITS, joinBurst: 2 });
    const tries = [1, 2, 3].map(() => c.join({ name: 'G', code: 'ZZZ-ZZZ' }, '10.0.0.66'));
    expect(tries.map((t) => !t.ok && t.reason)).toEqual(['wrongCode', 'wrongCode', 'tooManyAttempts']);
    expect(c.join({ name: 'H', code: 'K7M-4QX' }, '10.0.0.67').ok).toBe(true);
  });
});

describe('seats', () => {
  it('the same name from the same computer takes the old seat back, so the roster shows them once', () => {
    const c = classroom();
    const first = seat(c, 'Ana', '10.0.0.5');
    const again = c.join({ name: 'Ana', code: 'K7M-4QX' }, '10.0.0.5');
    expect(again.ok).toBe(true);
    expect(first.ws.close).toHaveBeenCalled();
    expect(c.state().students.map((s) => s.name)).toEqual(['Ana']);
  });
  it('one computer holds at most a few seats', () => {
    const c = classroom({ ...DEFAULT_CLASS_LIMITS, seatsPerAddress: 2 });
    expect(['A', 'B', 'C'].map((name) => c.join({ name, code: 'K7M-4QX' }, '10.0.0.7')).map((a) => (a.ok ? 'ok' : a.reason))).toEqual([
      'ok',
      'ok',
      'tooManySeats',
    ]);
  });
});
