// A class in one lab: the join code, the students with their tokens, what each one has open, what
// the class may reach, and the class-wide totals. The bridge asks it who a token belongs to; the
// instructor's room reads it and sends it commands.
import { createHash, randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  CLOSE_REMOVED,
  normalizeJoinCode,
  type JoinAnswer,
  type JoinRequest,
  type ProgressReport,
  type RoomState,
  type RosterEntry,
  type ServerOpen,
} from '../../protocol/classroom.js';
import type { EventBody, LabServerStatus, Request } from '../../protocol/messages.js';
import { SocketCounter, TokenBucket, type Limits } from '../quota.js';
import type { SessionDeps } from '../session.js';
import { newJoinCode } from './code.js';
import { StudentPolicy } from './policy.js';

export interface ClassLimits {
  /** Students who may join. */
  students: number;
  /** Tabs one student may have connected at once. */
  sessionsPerStudent: number;
  /** Seats one client address may hold (a shared computer; a flood of fake names stops here). */
  seatsPerAddress: number;
  /** One student's quotas: sockets, messages and bytes per second (over all their tabs' sockets). */
  student: Limits;
  /** The class's totals. */
  sockets: number;
  messagesPerSecond: number;
  bytesPerSecond: number;
  /** Join attempts one client address may make: a burst, then one every `joinRefillMs`. */
  joinBurst: number;
  joinRefillMs: number;
}

/** What a student session needs from the classroom (see server.ts). */
export interface StudentSession {
  readonly id: string;
  handle(request: Request): void;
}

type Proto = 'udp' | 'tcp';
const key = (proto: Proto, address: string, port: number) => `${proto} ${address} ${port}`;

/** A socket counter that also holds a place in a wider one (student → class → bridge). */
export class ChainedCounter extends SocketCounter {
  constructor(
    max: number,
    private readonly parent: SocketCounter,
  ) {
    super(max);
  }
  override acquire(): boolean {
    if (this.count >= this.max || !this.parent.acquire()) return false;
    this.count++;
    return true;
  }
  override release(): void {
    if (this.count === 0) return;
    this.count--;
    this.parent.release();
  }
}

export class Student {
  readonly sessions = new Map<StudentSession, WebSocket>();
  /** Sockets the student's pages bound, by "session sock": their servers, welcoming sockets and relays. */
  readonly servers = new Map<string, ServerOpen & { key: string; relay: boolean }>();
  lesson: string | undefined;
  checks: Record<string, number> = {};
  readonly sockets: ChainedCounter;
  readonly watchers = new Set<(frame: string) => void>();
  /** The student's budget over all their tabs (each tab's session has the same one too). */
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly tokenHash: string,
    /** The client address the student joined from: the token works from there only. */
    readonly address: string,
    classSockets: SocketCounter,
    limits: Limits,
  ) {
    this.sockets = new ChainedCounter(limits.socketsPerSession, classSockets);
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst);
  }

  admit(size: number): boolean {
    return this.messages.take() && (size === 0 || this.bytes.take(size));
  }

  entry(): RosterEntry {
    return {
      id: this.id,
      name: this.name,
      connected: this.sessions.size > 0,
      lesson: this.lesson,
      checks: this.checks,
      servers: [...this.servers.values()].map(({ sock, proto, address, port }) => ({ sock, proto, address, port })),
    };
  }
}

/** "::ffff:10.0.0.2" and "10.0.0.2" are the same client. */
const plainAddress = (address: string) => (address.startsWith('::ffff:') ? address.slice(7) : address);

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

export class Classroom {
  code: string;
  private readonly students = new Map<string, Student>();
  private readonly byHash = new Map<string, Student>();
  /** (proto, address, port) a student's socket is bound to → how many such sockets. */
  private readonly open = new Map<string, number>();
  /** The lab's running servers by (proto, address, port). */
  private labServers = new Map<string, LabServerStatus>();
  private readonly traffic = new Map<string, { count: number; students: Set<string> }>();
  private readonly attempts = new Map<string, TokenBucket>();
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly listeners = new Set<() => void>();
  private notifyTimer: NodeJS.Timeout | undefined;
  private counter = 0;
  readonly classSockets: SocketCounter;
  /** What every student's socket may reach (one policy for the class: it reads `reachable`). */
  readonly policy = new StudentPolicy((proto, address, port) => this.reachable(proto, address, port));

  constructor(
    readonly joinUrl: string,
    readonly limits: ClassLimits,
    bridgeSockets: SocketCounter,
    code?: string,
  ) {
    this.code = code ?? newJoinCode();
    this.classSockets = new ChainedCounter(limits.sockets, bridgeSockets);
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.bytesPerSecond);
  }

  setLabServers(statuses: LabServerStatus[]): void {
    this.labServers = new Map(statuses.filter((s) => s.state === 'running').map((s) => [key(s.proto, '127.0.0.1', s.port), s]));
  }

  // ---- joining ----------------------------------------------------------------------------------

  join(request: JoinRequest, client: string): JoinAnswer {
    if (!this.attemptAllowed(client)) return { ok: false, reason: 'tooManyAttempts' };
    if (normalizeJoinCode(request.code) !== this.code) return { ok: false, reason: 'wrongCode' };
    const from = plainAddress(client);
    // the same name from the same computer is the same student back (a closed tab, a new
    // browser): their old seat goes, so the roster shows them once
    const mine = [...this.students.values()].filter((s) => s.address === from);
    const previous = mine.find((s) => s.name === request.name);
    if (previous) this.remove(previous.id);
    else if (mine.length >= this.limits.seatsPerAddress) return { ok: false, reason: 'tooManySeats' };
    if (this.students.size >= this.limits.students) return { ok: false, reason: 'classFull' };
    const token = randomBytes(32).toString('base64url');
    const id = `s${++this.counter}`;
    const student = new Student(id, request.name, hash(token), from, this.classSockets, this.limits.student);
    this.students.set(id, student);
    this.byHash.set(student.tokenHash, student);
    this.changed();
    return { ok: true, token, student: id, name: student.name };
  }

  private attemptAllowed(client: string): boolean {
    let bucket = this.attempts.get(client);
    if (!bucket) {
      // bounded: forget the oldest address when a flood of addresses arrives
      if (this.attempts.size >= 4096) this.attempts.delete(this.attempts.keys().next().value!);
      bucket = new TokenBucket(1000 / this.limits.joinRefillMs, this.limits.joinBurst);
      this.attempts.set(client, bucket);
    }
    return bucket.take();
  }

  /** The student a token belongs to, if it is used from the address they joined from (a token
   * copied to a classmate's machine is refused). Looked up by its SHA-256, so no comparison leaks
   * the token. */
  byToken(token: string | null | undefined, from: string | undefined): Student | undefined {
    const student = token ? this.byHash.get(hash(token)) : undefined;
    return student && student.address === plainAddress(from ?? '') ? student : undefined;
  }

  rotate(): string {
    this.code = newJoinCode();
    this.changed();
    return this.code;
  }

  /** Removes a student: the token stops working and every tab of theirs is closed. */
  remove(id: string): boolean {
    const student = this.students.get(id);
    if (!student) return false;
    this.students.delete(id);
    this.byHash.delete(student.tokenHash);
    for (const ws of student.sessions.values()) {
      ws.close(CLOSE_REMOVED, 'removed by the instructor');
      // a page that does not answer the close handshake is cut off
      setTimeout(() => ws.terminate(), 2000).unref();
    }
    this.changed();
    return true;
  }

  canConnect(student: Student): boolean {
    return this.students.get(student.id) === student && student.sessions.size < this.limits.sessionsPerStudent;
  }

  // ---- sessions ---------------------------------------------------------------------------------

  /** What a student's session gets instead of the instructor's: the class's policy, the student's
   * quotas, and the hooks that keep the roster, the traffic and the watch up to date. */
  sessionDeps(student: Student, session: () => StudentSession): Pick<SessionDeps, 'policy' | 'limits' | 'totalSockets' | 'observe' | 'tap' | 'admit'> {
    return {
      policy: this.policy,
      limits: this.limits.student,
      totalSockets: student.sockets,
      observe: (event) => this.observe(student, session(), event),
      tap: (frame) => {
        if (student.watchers.size > 0) this.tapped(student, frame);
      },
      admit: (size) => student.admit(size) && this.admit(size),
    };
  }

  attach(student: Student, session: StudentSession, ws: WebSocket): void {
    student.sessions.set(session, ws);
    this.changed();
  }

  detach(student: Student, session: StudentSession): void {
    student.sessions.delete(session);
    for (const [id, server] of student.servers) {
      if (id.startsWith(`${session.id} `)) this.unbind(student, id, server.key);
    }
    this.changed();
  }

  /** The class-wide message and byte budget, after the student's own. */
  admit(size: number): boolean {
    return this.messages.take() && (size === 0 || this.bytes.take(size));
  }

  /** Every event a student's session emits passes here: it keeps what they have open and the
   * lab servers' traffic up to date. Cheap for the events it ignores. */
  observe(student: Student, session: StudentSession, event: EventBody): void {
    switch (event.type) {
      case 'udp.bound':
        return this.bind(student, session, event.sock, 'udp', event.local.address, event.local.port, false);
      case 'tcp.listening':
        return this.bind(student, session, event.sock, 'tcp', event.local.address, event.local.port, false);
      case 'relay.started':
        return this.bind(student, session, event.sock, event.proto, event.listen.address, event.listen.port, true);
      case 'socket.closed': {
        const id = `${session.id} ${event.sock}`;
        const server = student.servers.get(id);
        if (server) {
          this.unbind(student, id, server.key);
          this.changed();
        }
        return;
      }
      case 'udp.sent':
        return this.count(student, key('udp', event.to.address, event.to.port));
      case 'tcp.connected':
        return this.count(student, key('tcp', event.remote.address, event.remote.port));
      default:
        return;
    }
  }

  private bind(student: Student, session: StudentSession, sock: string, proto: Proto, address: string, port: number, relay: boolean): void {
    const k = key(proto, address, port);
    student.servers.set(`${session.id} ${sock}`, { sock, proto, address, port, key: k, relay });
    this.open.set(k, (this.open.get(k) ?? 0) + 1);
    this.changed();
  }

  private unbind(student: Student, id: string, k: string): void {
    student.servers.delete(id);
    const n = (this.open.get(k) ?? 1) - 1;
    if (n <= 0) this.open.delete(k);
    else this.open.set(k, n);
  }

  private count(student: Student, k: string): void {
    if (!this.labServers.has(k)) return;
    let t = this.traffic.get(k);
    if (!t) this.traffic.set(k, (t = { count: 0, students: new Set() }));
    t.count++;
    t.students.add(student.id);
    this.changed();
  }

  /** What a student may reach: a lab server, or a socket a student of this class has bound. */
  reachable(proto: Proto, address: string, port: number): boolean {
    const k = key(proto, address, port);
    return this.labServers.has(k) || this.open.has(k);
  }

  progress(student: Student, report: ProgressReport): void {
    student.lesson = report.lesson;
    student.checks = report.checks;
    this.changed();
  }

  // ---- the instructor's room ---------------------------------------------------------------------

  state(): RoomState {
    return {
      type: 'room.state',
      joinUrl: this.joinUrl,
      code: this.code,
      students: [...this.students.values()].map((s) => s.entry()),
      traffic: [...this.labServers].map(([k, s]) => ({
        name: s.name,
        proto: s.proto,
        port: s.port,
        count: this.traffic.get(k)?.count ?? 0,
        students: this.traffic.get(k)?.students.size ?? 0,
      })),
      relays: [...this.students.values()].filter((s) => [...s.servers.values()].some((x) => x.relay)).length,
    };
  }

  /** Calls `listener` (at most a few times a second) whenever the room's state changed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    if (this.notifyTimer || this.listeners.size === 0) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      for (const listener of this.listeners) listener();
    }, 200);
    this.notifyTimer.unref();
  }

  /** Mirrors every frame a student's page gets to `sink` until the returned function is called. */
  watch(id: string, sink: (frame: string) => void): (() => void) | undefined {
    const student = this.students.get(id);
    if (!student) return undefined;
    student.watchers.add(sink);
    return () => student.watchers.delete(sink);
  }

  tapped(student: Student, frame: string): void {
    for (const sink of student.watchers) sink(frame);
  }

  /** The class demo of lesson 9: the same hold, step or release on every student's relay. */
  relayAll(action: 'hold' | 'step' | 'release'): number {
    let n = 0;
    for (const student of this.students.values()) {
      for (const [session] of student.sessions) {
        for (const [id, server] of student.servers) {
          if (!server.relay || !id.startsWith(`${session.id} `)) continue;
          n++;
          if (action === 'step') session.handle({ type: 'relay.step', sock: server.sock, count: 1 });
          else session.handle({ type: 'relay.hold', sock: server.sock, on: action === 'hold' });
        }
      }
    }
    return n;
  }

  close(): void {
    clearTimeout(this.notifyTimer);
    this.listeners.clear();
  }
}
