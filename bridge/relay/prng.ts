// A small seeded random number generator (mulberry32), so a lesson or a demo with the same seed
// loses, delays and reorders exactly the same packets every time.

export type Random = () => number;

/** Returns a function giving numbers in [0, 1), the same sequence for the same 32-bit seed. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Python's random.randint(a, b): a whole number from a to b, both included. */
export function randint(random: Random, a: number, b: number): number {
  return a + Math.floor(random() * (b - a + 1));
}
