// One monotonic clock for every event, in microseconds since the bridge started, so the page can
// order and space events from the page's sockets and the lab's servers on one time line.
const start = process.hrtime.bigint();

export function nowMicros(): number {
  return Number((process.hrtime.bigint() - start) / 1000n);
}
