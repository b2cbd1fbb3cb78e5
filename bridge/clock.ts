// One monotonic clock for every event, in microseconds since the bridge started, so the page can
// order and space events from the page's sockets and the lab's servers on one time line.
// performance.now() is monotonic with sub-microsecond resolution and, unlike hrtime.bigint(),
// needs no BigInt arithmetic on the hot path.
const start = performance.now();

export function nowMicros(): number {
  return Math.round((performance.now() - start) * 1000);
}

/** Serializes an event body with its timestamp appended, without copying the object. */
export function stamp(event: object): string {
  const json = JSON.stringify(event);
  return `${json.slice(0, -1)},"t":${nowMicros()}}`;
}
