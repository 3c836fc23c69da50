// The channel side of the benchmark: a Bot Framework connector on 127.0.0.1 that the bot replies to.
// It answers like a channel (200 {"id"}) and records when each reply arrived, by the incoming activity
// it answers (the replyToId in the URL), so a turn's latency can end at its last reply.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface SinkReply {
  /** performance.now() when the reply's body had arrived. */
  at: number;
  conversationId: string;
  activity: { type?: string; text?: string; attachments?: Array<{ contentType?: string; content?: unknown }> } & Record<string, unknown>;
}

export interface ReplySink {
  /** The serviceUrl to put into activities sent to the bot. */
  url: string;
  /** Replies to one incoming activity id, in arrival order. */
  repliesTo(activityId: string): SinkReply[];
  /** Activities the bot sent on its own (no replyToId: notifications), by conversation. */
  proactive: SinkReply[];
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

export async function startReplySink(): Promise<ReplySink> {
  const byReplyTo = new Map<string, SinkReply[]>();
  const proactive: SinkReply[] = [];
  let counter = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const at = performance.now();
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const m = ACTIVITIES.exec(path);
      counter += 1;
      if (m && req.method === 'POST') {
        const reply: SinkReply = {
          at,
          conversationId: decodeURIComponent(m[1]),
          activity: body ? (JSON.parse(body) as SinkReply['activity']) : {},
        };
        const replyTo = m[2] ? decodeURIComponent(m[2]) : undefined;
        if (replyTo) {
          const list = byReplyTo.get(replyTo) ?? [];
          list.push(reply);
          byReplyTo.set(replyTo, list);
        } else {
          proactive.push(reply);
        }
      }
      // Card updates (PUT) and deletions are acknowledged but are not replies.
      const known = Boolean(m) || (req.method === 'POST' && path === '/v3/conversations');
      res.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
      res.end(known ? JSON.stringify({ id: `sink-${counter}` }) : '{}');
    })().catch(() => {
      res.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    repliesTo: (activityId) => byReplyTo.get(activityId) ?? [],
    proactive,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
