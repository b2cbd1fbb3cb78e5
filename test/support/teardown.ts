// What a test file's beforeAll starts, stopped after its tests. Each stop is registered as soon as
// its resource exists, so a beforeAll that fails halfway still stops what it had started (and
// nothing it had not), the last started first.
import { afterAll } from 'vitest';

/** Call at the top level of a test file; hand the function it returns the stop of each thing. */
export function teardownStack(): (stop: () => unknown) => void {
  const stops: (() => unknown)[] = [];
  // registered first, so it runs after the file's own afterAll hooks (vitest runs them as a stack)
  afterAll(async () => {
    while (stops.length > 0) await stops.pop()!();
  });
  return (stop) => void stops.push(stop);
}
