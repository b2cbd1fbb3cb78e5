import { describe, expect, it } from 'vitest';
import { mapFromUpdate, movedBetween } from '../../../web/game/map-state.js';
import { MAX_IDLE_POLLS, pollDecision } from '../../../web/game/polling.js';

const player = (name: string, x: number, y: number) => ({ name, pos: [x, y], visual: name[0]!.toUpperCase(), say: '' });

describe('mapFromUpdate', () => {
  it('reads the size and the players of an update, sorted by name', () => {
    const map = mapFromUpdate({ size: [10, 10], players: [player('bob', 3, 4), player('ann', 0, 0)] });
    expect(map).toEqual({ width: 10, height: 10, players: [player('ann', 0, 0), player('bob', 3, 4)] });
  });

  it('leaves out a player that stands off the map instead of drawing it outside', () => {
    const map = mapFromUpdate({ size: [10, 10], players: [player('ann', 10, 0), player('bob', -1, 2), player('cy', 9, 9)] });
    expect(map?.players.map((p) => p.name)).toEqual(['cy']);
  });

  it('refuses what is not an update result', () => {
    expect(mapFromUpdate(true)).toBeUndefined();
    expect(mapFromUpdate({ size: [10], players: [] })).toBeUndefined();
    expect(mapFromUpdate({ size: [10, 10], players: [{ name: 'ann' }] })).toBeUndefined();
    expect(mapFromUpdate({ size: [100000, 10], players: [] })).toBeUndefined();
  });

  it('tolerates an odd visual or say without losing the player', () => {
    const map = mapFromUpdate({ size: [5, 5], players: [{ name: 'ann', pos: [1, 1], visual: 7, say: null }] });
    expect(map?.players).toEqual([{ name: 'ann', pos: [1, 1], visual: '?', say: '' }]);
  });
});

describe('movedBetween', () => {
  const before = mapFromUpdate({ size: [10, 10], players: [player('ann', 0, 0), player('bob', 5, 5)] });
  it('names who moved and where to, and who is new', () => {
    const after = mapFromUpdate({ size: [10, 10], players: [player('ann', 1, 0), player('bob', 5, 5), player('cy', 2, 2)] })!;
    expect(movedBetween(before, after)).toEqual([
      { name: 'ann', from: [0, 0], to: [1, 0] },
      { name: 'cy', to: [2, 2] },
    ]);
  });
  it('is empty when nobody moved', () => {
    expect(movedBetween(before, before!)).toEqual([]);
  });
});

describe('pollDecision', () => {
  const base = { loggedIn: true, visible: true, busy: false, idlePolls: 0 };
  it('polls while logged in, visible and idle', () => {
    expect(pollDecision(base)).toBe('poll');
  });
  it('waits while logged out, hidden, or while a request is on its way', () => {
    expect(pollDecision({ ...base, loggedIn: false })).toBe('wait');
    expect(pollDecision({ ...base, visible: false })).toBe('wait');
    expect(pollDecision({ ...base, busy: true })).toBe('wait');
  });
  it("pauses after MAX_IDLE_POLLS polls without a request of the student's own", () => {
    expect(pollDecision({ ...base, idlePolls: MAX_IDLE_POLLS - 1 })).toBe('poll');
    expect(pollDecision({ ...base, idlePolls: MAX_IDLE_POLLS })).toBe('pause');
  });
});
