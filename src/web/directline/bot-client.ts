// Sends a channel activity to the bot the way Azure's channels do: an HTTP POST to the bot's
// messaging endpoint, so it goes through the real CloudAdapter. The adapter answers 200 with an
// invoke response (or expected replies) in the body, or 200/202 with no body.
import type { DirectLineActivity } from './activity-shape.js';

export interface BotResponse {
  status: number;
  body: unknown;
}

export class BotUnavailable extends Error {
  constructor(readonly reason: 'timeout' | 'unreachable', cause?: unknown) {
    super(`bot ${reason}`, { cause });
  }
}

export async function postToBot(botEndpoint: string, activity: DirectLineActivity, timeoutMs: number): Promise<BotResponse> {
  let response: Response;
  try {
    response = await fetch(botEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const name = (err as Error).name;
    throw new BotUnavailable(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable', err);
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, body };
}
