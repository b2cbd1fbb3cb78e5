import { describe, expect, it } from 'vitest';
import { RowWindow } from '../../../web/flow/row-window.js';
import { MAX_MEMBERS, Summaries, SUMMARY_RATE, SUMMARY_WINDOW_US } from '../../../web/flow/summaries.js';
import type { ArrowRow, SummaryRow } from '../../../web/flow/types.js';

const arrow = (t: number, from = 'a', to = 'b', size = 3): ArrowRow => ({
  kind: 'arrow',
  row: -1,
  rev: 0,
  t,
  arrow: 'datagram',
  proto: 'udp',
  from,
  to,
  size,
  status: 'delivered',
});

/** Feeds arrows as the flow model does: an arrow not folded is placed on a row of its own. */
class Feed {
  readonly placed: SummaryRow[] = [];
  constructor(
    readonly summaries = new Summaries(),
    readonly window = new RowWindow(100_000),
  ) {}
  add(row: ArrowRow): boolean {
    const folded = this.summaries.fold(row, this.window, (s) => {
      this.window.place(s);
      this.placed.push(s);
    });
    if (!folded) this.window.place(row);
    return folded;
  }
}

describe('summaries', () => {
  it('draws SUMMARY_RATE arrows a second between two lifelines, and folds the next ones into one row', () => {
    const feed = new Feed();
    const folded = Array.from({ length: SUMMARY_RATE + 5 }, (_, i) => feed.add(arrow(i * 1000, i % 2 ? 'a' : 'b', i % 2 ? 'b' : 'a')));
    expect(folded.filter((f) => !f)).toHaveLength(SUMMARY_RATE);
    expect(feed.placed).toHaveLength(1);
    const summary = feed.placed[0]!;
    expect(summary).toMatchObject({
      kind: 'summary',
      a: 'b',
      b: 'a',
      count: 5,
      bytes: 15,
      open: true,
      t: SUMMARY_RATE * 1000,
      tLast: (SUMMARY_RATE + 4) * 1000,
    });
    expect(summary.members.every((m) => m.row === summary.row && m.summary === summary)).toBe(true);
    expect(feed.summaries.summarised).toBe(5);
  });

  it('counts only the arrows within the last second', () => {
    const feed = new Feed();
    for (let i = 0; i < 100; i++) expect(feed.add(arrow(i * (SUMMARY_WINDOW_US / SUMMARY_RATE)))).toBe(false);
  });

  it('keeps pairs apart', () => {
    const feed = new Feed();
    for (let i = 0; i < SUMMARY_RATE; i++) feed.add(arrow(i, 'a', 'b'));
    expect(feed.add(arrow(100, 'a', 'c'))).toBe(false);
    expect(feed.add(arrow(101, 'a', 'b'))).toBe(true);
  });

  it('closes a summary when its pair goes quiet; the next burst starts a new one', () => {
    const feed = new Feed();
    for (let i = 0; i <= SUMMARY_RATE; i++) feed.add(arrow(i));
    const first = feed.placed[0]!;
    const later = SUMMARY_RATE + SUMMARY_WINDOW_US + 1;
    expect(feed.add(arrow(later))).toBe(false);
    expect(first.open).toBe(false);
    for (let i = 1; i <= SUMMARY_RATE; i++) feed.add(arrow(later + i));
    expect(feed.placed).toHaveLength(2);
    expect(feed.placed[1]!.open).toBe(true);
  });

  it('does not join a summary the window has dropped', () => {
    const feed = new Feed(new Summaries(), new RowWindow(5));
    for (let i = 0; i <= SUMMARY_RATE; i++) feed.add(arrow(i));
    for (let i = 0; i < 10; i++) feed.window.place(arrow(i, 'c', 'd')); // rows of others push it out
    feed.window.trim();
    const [first] = feed.placed;
    expect(feed.window.holds(first!)).toBe(false);
    feed.add(arrow(SUMMARY_RATE + 1));
    expect(first!.open).toBe(false);
    expect(first!.count).toBe(1);
  });

  it('never folds at rate Infinity', () => {
    const feed = new Feed(new Summaries(Infinity));
    for (let i = 0; i < 1000; i++) expect(feed.add(arrow(i))).toBe(false);
  });

  it('keeps the latest MAX_MEMBERS arrows of a long flood, and counts all of them', () => {
    const feed = new Feed();
    for (let i = 0; i < 3 * MAX_MEMBERS; i++) feed.add(arrow(i));
    const summary = feed.placed[0]!;
    expect(summary.count).toBe(3 * MAX_MEMBERS - SUMMARY_RATE);
    expect(summary.members.length).toBeGreaterThanOrEqual(MAX_MEMBERS);
    expect(summary.members.length).toBeLessThan(MAX_MEMBERS * 1.25);
    expect(summary.members.at(-1)!.t).toBe(3 * MAX_MEMBERS - 1);
  });

  it('forgets the pairs of lifelines the model let go, so their counting starts over', () => {
    const feed = new Feed();
    for (let i = 0; i < SUMMARY_RATE; i++) feed.add(arrow(i, 'a', 'b'));
    feed.summaries.forget((id) => id === 'b');
    expect(feed.add(arrow(SUMMARY_RATE, 'a', 'b'))).toBe(false);
  });
});
