// A stand-in Bot Connector service (the serviceUrl of a channel) on 127.0.0.1: it accepts
// POST /v3/conversations/{id}/activities (and the reply form) and answers 200 {"id": "..."}, or a status
// scripted per conversation, so tests see exactly what a real channel would receive.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exemptLoopbackFromProxy } from '../../../src/server/proxy.js';

export interface ReceivedActivity {
  conversationId: string;
  path: string;
  activity: { type?: string; text?: string; replyToId?: string; conversation?: { id?: string } };
}

export interface TestConnector {
  serviceUrl: string;
  received: ReceivedActivity[];
  /** Statuses to answer next for a conversation, in order (then 200 again). */
  script(conversationId: string, statuses: number[]): void;
  /** Every status answered for a conversation, in order (including 200s). */
  answered(conversationId: string): number[];
  textsFor(conversationId: string): string[];
  close(): Promise<void>;
}

export async function startTestConnector(): Promise<TestConnector> {
  const received: ReceivedActivity[] = [];
  const scripts = new Map<string, number[]>();
  const answers = new Map<string, number[]>();
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
        return;
      }
      const conversationId = decodeURIComponent(match[1]);
      const status = scripts.get(conversationId)?.shift() ?? 200;
      answers.set(conversationId, [...(answers.get(conversationId) ?? []), status]);
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: `E${status}`, message: 'scripted' } }));
        return;
      }
      received.push({ conversationId, path: req.url ?? '', activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      n += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `act-${n}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    script: (id, statuses) => scripts.set(id, [...statuses]),
    answered: (id) => answers.get(id) ?? [],
    textsFor: (id) => received.filter((r) => r.conversationId === id).map((r) => r.activity.text ?? ''),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Loopback must never go through an HTTP(S) proxy the environment may set (the app does the same at start). */
export function bypassProxyForLoopback(): void {
  exemptLoopbackFromProxy(process.env);
}
