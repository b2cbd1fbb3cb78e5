// What the network does to each packet crossing the relay: lose it, delay it (with jitter),
// duplicate it, or hold it back so a later one overtakes it (reordering). Decisions come from a
// seeded generator, so the same settings and seed give the same fates.
import { seeded, type Random } from './prng.js';

export interface Impairments {
  /** Probability in [0, 1] that a packet is lost. */
  loss: number;
  /** Base one-way delay in ms, and the most it may vary either way. */
  delayMs: number;
  jitterMs: number;
  /** Probability that a packet is delivered twice. */
  duplicate: number;
  /** Probability that a packet is held back by `reorderMs` so later ones overtake it. */
  reorder: number;
  reorderMs: number;
  seed: number;
}

export const NO_IMPAIRMENTS: Impairments = { loss: 0, delayMs: 0, jitterMs: 0, duplicate: 0, reorder: 0, reorderMs: 50, seed: 1 };

export type Fate = { lost: true } | { lost: false; delays: number[]; reordered: boolean };

/** Decides fates packet by packet. */
export class Impairer {
  private random: Random;

  constructor(private settings: Impairments = NO_IMPAIRMENTS) {
    this.random = seeded(settings.seed);
  }

  get current(): Impairments {
    return this.settings;
  }

  /** New settings; the generator restarts from the seed so a run can be repeated from here. */
  configure(settings: Impairments): void {
    this.settings = settings;
    this.random = seeded(settings.seed);
  }

  next(): Fate {
    const s = this.settings;
    // draw every number every time, so one setting does not shift the others' sequence
    const [lossDraw, jitterDraw, dupDraw, dupJitter, reorderDraw] = [this.random(), this.random(), this.random(), this.random(), this.random()];
    if (lossDraw < s.loss) return { lost: true };
    const reordered = reorderDraw < s.reorder;
    const base = Math.max(0, s.delayMs + (jitterDraw * 2 - 1) * s.jitterMs) + (reordered ? s.reorderMs : 0);
    const delays = [Math.round(base)];
    if (dupDraw < s.duplicate) delays.push(Math.round(Math.max(0, s.delayMs + (dupJitter * 2 - 1) * s.jitterMs) + (reordered ? s.reorderMs : 0)));
    return { lost: false, delays, reordered };
  }
}
