// A tiny Bot Framework connector for end-to-end tests: a real HTTP server the bot replies to when
// an activity's serviceUrl points at it. It answers like the channel does (200 {"id": ...}) and
// records what arrived, so tests can wait for the bot's replies.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  method: string;
  conversationId: string;
  replyToId?: string;
  // The activity as the bot sent it (JSON).
  activity: Record<string, unknown> & { type?: string; text?: string; attachments?: Array<{ contentType: string; content: unknown }> };
}

export interface Connector {
  /** The serviceUrl to put into activities sent to the bot. */
  url: string;
  received: ReceivedActivity[];
  /** Resolves with the first received activity (already arrived or arriving) that matches. */
  waitFor(match: (r: ReceivedActivity) => boolean, timeoutMs?: number): Promise<ReceivedActivity>;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface ConnectorOptions {
  /**
   * Runs before a received activity is answered (e.g. to kill the bot while it waits for the answer);
   * 'drop' leaves it unrecorded and unanswered, as if it never arrived.
   */
  beforeAnswer?: (r: ReceivedActivity) => Promise<'drop' | void> | 'drop' | void;
}

export async function startConnector(options: ConnectorOptions = {}): Promise<Connector> {
  const received: ReceivedActivity[] = [];
  const listeners = new Set<() => void>();
  let counter = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const m = ACTIVITIES.exec(path);
      if (m && (req.method === 'POST' || req.method === 'PUT')) {
        counter += 1;
        const r: ReceivedActivity = {
          method: req.method,
          conversationId: decodeURIComponent(m[1]),
          replyToId: m[2] ? decodeURIComponent(m[2]) : undefined,
          activity: body ? (JSON.parse(body) as ReceivedActivity['activity']) : {},
        };
        if ((await options.beforeAnswer?.(r)) === 'drop') {
          res.destroy();
          return;
        }
        received.push(r);
        for (const l of listeners) l();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${counter}` }));
        return;
      }
      if (req.method === 'POST' && path === '/v3/conversations') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `conv-${++counter}` }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = received.find(match);
          if (!found) return false;
          listeners.delete(listener);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const listener = (): void => void check();
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`connector: no matching activity within ${timeoutMs} ms (received ${received.length})`));
        }, timeoutMs);
        listeners.add(listener);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let activityCounter = 0;

/** An incoming activity as a channel would post it to /api/messages. */
export function channelActivity(
  connector: Pick<Connector, 'url'>,
  conversationId: string,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  activityCounter += 1;
  return {
    id: `in-${activityCounter}`,
    channelId: 'test',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: 'user-1', name: 'User One' },
    recipient: { id: 'bot', name: 'Complaint Center' },
    conversation: { id: conversationId },
    ...fields,
  };
}

/** POSTs an activity to the bot; resolves with the HTTP status. */
export async function postToBot(botUrl: string, activity: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  return res.status;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** The first TextBlock of a reply's Adaptive Card (the bot's cards start with their title), if any. */
export function cardTitle(activity: { attachments?: Array<{ contentType: string; content?: unknown }> }): string | undefined {
  const card = activity.attachments?.find((a) => a.contentType === ADAPTIVE_CARD)?.content as { body?: Array<{ text?: string }> } | undefined;
  return card?.body?.[0]?.text;
}
