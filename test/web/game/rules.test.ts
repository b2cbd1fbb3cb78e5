import { describe, expect, it } from 'vitest';
import type { Event, LabServerStatus } from '../../../protocol/messages.js';
import { runRule, type RuleInput } from '../../../web/lessons/rules/index.js';
import { closed, tcpConnected, tcpReceived, tcpSent, trace } from '../lessons/events.js';

const GAME: LabServerStatus = { name: 'game', proto: 'tcp', port: 12004, state: 'running', sock: 'lab:game' };
const input = (events: Event[]): RuleInput => ({ trace: trace(...events), servers: [GAME], now: 0 });
const frame = (value: unknown) => {
  const text = JSON.stringify(value);
  return `${new TextEncoder().encode(text).length} ${text}`;
};
const ask = (t: number, sock: string, request: unknown[]) => tcpSent(t, sock, frame(request));
const answer = (t: number, sock: string, reply: unknown[]) => tcpReceived(t, sock, frame(reply));
const refusal = [{ error: 'LOGIN_REQUIRED', message: 'log in first' }];

describe('game-logged-in-moved', () => {
  const played = [
    tcpConnected(1, 'game-1', 50000, 12004),
    ask(2, 'game-1', ['new', 'ann', 'pw']),
    answer(3, 'game-1', [true]),
    ask(4, 'game-1', ['move', [1, 0]]),
    answer(5, 'game-1', [true, 'map']),
  ];

  it('passes at the reply to a move made after logging in on the same connection', () => {
    expect(runRule('game-logged-in-moved', {}, input(played))).toEqual({ passed: true, seq: 5 });
  });

  it('does not pass on a login alone, or on a move that was refused', () => {
    expect(runRule('game-logged-in-moved', {}, input(played.slice(0, 3))).passed).toBe(false);
    const blocked = [...played.slice(0, 4), answer(5, 'game-1', [{ error: 'OFF_MAP', message: 'edge' }])];
    expect(runRule('game-logged-in-moved', {}, input(blocked)).passed).toBe(false);
  });

  it('does not pass when the login failed', () => {
    const failed = [played[0]!, played[1]!, answer(3, 'game-1', [{ error: 'NAME_TAKEN', message: 'taken' }]), played[3]!, answer(5, 'game-1', refusal)];
    expect(runRule('game-logged-in-moved', {}, input(failed)).passed).toBe(false);
  });

  it('does not count a login on another connection: the login belongs to its connection', () => {
    const split = [
      tcpConnected(1, 'game-1', 50000, 12004),
      ask(2, 'game-1', ['login', 'ann', 'pw']),
      answer(3, 'game-1', [true]),
      closed(4, 'game-1'),
      tcpConnected(5, 'game-2', 50001, 12004),
      ask(6, 'game-2', ['move', [1, 0]]),
      answer(7, 'game-2', [true]), // (the server would refuse it; the rule must not be fooled either way)
    ];
    expect(runRule('game-logged-in-moved', {}, input(split)).passed).toBe(false);
  });

  it('reads frames cut across several recv() calls, several replies in one', () => {
    const replies = frame([true]) + frame([true]);
    const cutAt = 6;
    const events = [
      tcpConnected(1, 'game-1', 50000, 12004),
      tcpSent(2, 'game-1', frame(['login', 'ann', 'pw']) + frame(['move', [0, 1]])),
      tcpReceived(3, 'game-1', replies.slice(0, cutAt)),
      tcpReceived(4, 'game-1', replies.slice(cutAt)),
    ];
    expect(runRule('game-logged-in-moved', {}, input(events))).toEqual({ passed: true, seq: 4 });
  });

  it("ignores connections to other ports and the lab server's own side", () => {
    const elsewhere = played.map((e) => ('remote' in e ? tcpConnected(1, 'game-1', 50000, 12003) : e));
    expect(runRule('game-logged-in-moved', {}, input(elsewhere)).passed).toBe(false);
    const labSide = [tcpConnected(1, 'lab:game#1', 12004, 50000), ask(2, 'lab:game#1', ['login', 'a', 'b']), answer(3, 'lab:game#1', [true])];
    expect(runRule('game-logged-in-moved', {}, input(labSide)).passed).toBe(false);
  });
});

describe('game-refused-before-login', () => {
  it('passes at a LOGIN_REQUIRED reply', () => {
    const events = [tcpConnected(1, 'game-1', 50000, 12004), ask(2, 'game-1', ['move', [1, 0]]), answer(3, 'game-1', refusal)];
    expect(runRule('game-refused-before-login', {}, input(events))).toEqual({ passed: true, seq: 3 });
  });

  it('does not pass on other errors', () => {
    const events = [tcpConnected(1, 'game-1', 50000, 12004), ask(2, 'game-1', ['dance']), answer(3, 'game-1', [{ error: 'UNKNOWN_COMMAND', message: '?' }])];
    expect(runRule('game-refused-before-login', {}, input(events)).passed).toBe(false);
  });

  it('does not pass when the game server is not running', () => {
    const events = [tcpConnected(1, 'game-1', 50000, 12004), ask(2, 'game-1', ['update']), answer(3, 'game-1', refusal)];
    expect(runRule('game-refused-before-login', {}, { ...input(events), servers: [{ ...GAME, state: 'unavailable' }] }).passed).toBe(false);
  });
});
