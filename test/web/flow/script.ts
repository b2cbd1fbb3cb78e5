// Hand-made event sequences for the flow model's tests: events stamped 10 µs apart, folded into a
// LabState by the lab's own reducer, exactly as the page does.
import type { Address, Event, EventBody } from '../../../protocol/messages.js';
import { initialState, reduce, type LabState } from '../../../web/lab/state.js';
import type { FlowOptions } from '../../../web/flow/core.js';
import { FlowBuilder } from '../../../web/flow/model.js';
import type { ArrowRow, FlowRow, FlowView, MarkRow } from '../../../web/flow/types.js';

export const A = (port: number, address = '127.0.0.1'): Address => ({ address, port, family: 'IPv4' });
export const b64 = (text: string) => Buffer.from(text).toString('base64');

export const LAB_UDP = 'lab:udp-upper';
export const LAB_TCP = 'lab:tcp-upper';

export class Script {
  readonly events: Event[] = [];
  t = 0;

  /** Adds events, each 10 µs after the previous (or `gapUs` after, for the first of this call). */
  add(...bodies: EventBody[]): this {
    for (const body of bodies) {
      this.t += 10;
      this.events.push({ ...body, t: this.t });
    }
    return this;
  }

  wait(us: number): this {
    this.t += us;
    return this;
  }

  hello(udpPort = 12000, tcpPort = 12000): this {
    return this.add({
      type: 'hello',
      version: 1,
      session: 's1',
      servers: [
        { name: 'udp-upper', proto: 'udp', port: udpPort, state: 'running', sock: LAB_UDP },
        { name: 'tcp-upper', proto: 'tcp', port: tcpPort, state: 'running', sock: LAB_TCP },
      ],
      limits: { maxDataBytes: 8192, socketsPerSession: 16 },
    });
  }

  /** One textbook UDP exchange: the client sends `text`, the lab replies in capitals. */
  udpExchange(sock: string, port: number, text: string, server = A(12000)): this {
    const me = A(port);
    return this.add(
      { type: 'udp.sent', sock, from: me, to: server, size: Buffer.byteLength(text), data: b64(text) },
      { type: 'udp.received', sock: LAB_UDP, from: me, to: server, size: Buffer.byteLength(text), data: b64(text), truncated: false },
      { type: 'udp.sent', sock: LAB_UDP, from: server, to: me, size: Buffer.byteLength(text), data: b64(text.toUpperCase()) },
      { type: 'udp.received', sock, from: server, to: me, size: Buffer.byteLength(text), data: b64(text.toUpperCase()), truncated: false },
    );
  }

  state(): LabState {
    return reduce(initialState, { type: 'events', events: this.events });
  }
}

export function build(script: Script, options?: FlowOptions): { builder: FlowBuilder; view: FlowView } {
  const builder = new FlowBuilder(options);
  builder.sync(script.state());
  return { builder, view: builder.view() };
}

export const arrows = (view: FlowView): ArrowRow[] => view.rows.filter((r): r is ArrowRow => r.kind === 'arrow');
/** Every arrow, those folded into summary rows included (in the row order a saved file follows). */
export const allArrows = (view: FlowView): ArrowRow[] => view.rows.flatMap((r) => (r.kind === 'arrow' ? [r] : r.kind === 'summary' ? r.members : []));
export const marks = (view: FlowView): MarkRow[] => view.rows.filter((r): r is MarkRow => r.kind === 'mark');
/** A row in a few words, for readable expectations: "datagram udp-client-1>lab:udp-upper delivered". */
export const summary = (r: FlowRow): string =>
  r.kind === 'arrow' ? `${r.arrow} ${r.from}>${r.to} ${r.status}` : r.kind === 'summary' ? `summary ${r.a}<>${r.b} ${r.count}` : `${r.mark} ${r.on}`;
/** The column a lifeline is drawn in. */
export const columnOf = (view: FlowView, id: string): number => view.laneColumn[view.lifelines.get(id)!.lane!]!;
