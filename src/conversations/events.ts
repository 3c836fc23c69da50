// What happens in conversations, for the support desk's live view (server-sent events). In-process:
// each instance emits what it did; the desk reads MongoDB for what other instances did.
import { EventEmitter } from 'node:events';
import type { HandoffView } from './handoff-service.js';

export type ConversationEvent =
  | { type: 'handoff.waiting' | 'handoff.active' | 'handoff.ended'; handoff: HandoffView }
  | { type: 'handoff.message'; handoff: HandoffView; from: 'user' | 'staff'; text: string; at: Date };

export class ConversationEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open desk page.
    this.emitter.setMaxListeners(0);
  }

  emit(event: ConversationEvent): void {
    this.emitter.emit('event', event);
  }

  /** Returns the function that stops listening. */
  subscribe(listener: (event: ConversationEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
