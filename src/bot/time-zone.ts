// The user's time zone comes from the channel (activity.localTimezone, a clientInfo entity) or from the
// web chat page's join event; dates are shown in it (src/time/reader-time.ts), else in UTC.
import type { Activity } from 'botbuilder';
import { isValidTimeZone } from '../time/time-zone.js';

/** The time zone the activity reports, if any and valid. */
export function timeZoneFromActivity(activity: Partial<Activity>): string | undefined {
  if (isValidTimeZone(activity.localTimezone)) return activity.localTimezone;
  for (const e of activity.entities ?? []) {
    const entity = e as { type?: unknown; timezone?: unknown; timeZone?: unknown };
    if (entity.type !== 'clientInfo') continue;
    if (isValidTimeZone(entity.timezone)) return entity.timezone;
    if (isValidTimeZone(entity.timeZone)) return entity.timeZone;
  }
  if (activity.type === 'event' && activity.name === 'webchat/join') {
    const value = activity.value as { timeZone?: unknown } | undefined;
    if (isValidTimeZone(value?.timeZone)) return value.timeZone;
  }
  return undefined;
}
