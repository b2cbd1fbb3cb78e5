// The instructor's hold: while held, packets that are due wait in order; step() releases the
// oldest, drop(id) removes a chosen one. Released in order and one at a time.

export interface Waiting {
  id: number;
  deliver(): void;
}

export class HoldQueue<T extends Waiting> {
  private held = false;
  private readonly waiting: T[] = [];

  constructor(private readonly onHold: (packet: T) => void) {}

  get isHeld(): boolean {
    return this.held;
  }
  get size(): number {
    return this.waiting.length;
  }
  ids(): number[] {
    return this.waiting.map((p) => p.id);
  }

  /** A packet is due: deliver it now, or keep it while held. */
  arrive(packet: T): void {
    if (!this.held) return packet.deliver();
    this.waiting.push(packet);
    this.onHold(packet);
  }

  hold(on: boolean): void {
    this.held = on;
    if (!on) while (this.waiting.length > 0) this.waiting.shift()!.deliver();
  }

  /** Releases up to `count` packets, oldest first; returns how many went. */
  step(count = 1): T[] {
    const released = this.waiting.splice(0, count);
    for (const packet of released) packet.deliver();
    return released;
  }

  /** Removes a held packet without delivering it; returns it and where it stood. */
  take(id: number): { packet: T; index: number } | undefined {
    const index = this.waiting.findIndex((p) => p.id === id);
    return index < 0 ? undefined : { packet: this.waiting.splice(index, 1)[0]!, index };
  }

  /** Puts a packet back at a position in the line (a TCP retransmission takes its old place). */
  insert(index: number, packet: T): void {
    this.waiting.splice(index, 0, packet);
    this.onHold(packet);
  }

  clear(): void {
    this.waiting.length = 0;
  }
}
