// Every change to a case is recorded as an event; this builds them in one shape.
import type { Actor, CaseEvent, CaseEventType } from './types.js';

export type EventDetails = Omit<CaseEvent, 'at' | 'actor' | 'type'>;

/** An event with undefined details left out (so stored documents carry no null noise). */
export function makeEvent(type: CaseEventType, actor: Actor, at: Date, details: EventDetails = {}): CaseEvent {
  const event: CaseEvent = { at, actor, type };
  for (const [k, v] of Object.entries(details) as [keyof EventDetails, unknown][]) {
    if (v !== undefined && v !== '') Object.assign(event, { [k]: v });
  }
  return event;
}
