// The lab's own servers report their side of every exchange here; the hub stamps each event once
// and hands the same frame to every session, so the page can draw both ends of a conversation.
import type { EventBody } from '../../protocol/messages.js';
import { stamp } from '../clock.js';

export interface LabListener {
  sendRaw(text: string): void;
}

export class LabHub {
  private readonly listeners = new Set<LabListener>();

  add(listener: LabListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit = (event: EventBody): void => {
    if (this.listeners.size === 0) return;
    const text = stamp(event);
    for (const listener of this.listeners) listener.sendRaw(text);
  };
}
