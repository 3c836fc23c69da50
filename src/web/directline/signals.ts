// Per-instance fan-out: when this process stores an activity it wakes the sockets of that
// conversation at once. Activities stored by other instances reach sockets here through the
// streams' periodic read of MongoDB (see stream.ts), so nothing depends on this being global.
import { EventEmitter } from 'node:events';

export class ConversationSignals {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open socket; many sockets is normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  /** Calls `listener` whenever the conversation gets a new activity here; returns the unsubscribe. */
  subscribe(conversationId: string, listener: () => void): () => void {
    this.emitter.on(conversationId, listener);
    return () => this.emitter.off(conversationId, listener);
  }

  notify(conversationId: string): void {
    this.emitter.emit(conversationId);
  }
}
