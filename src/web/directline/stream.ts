// The `streamUrl` WebSocket. Each socket sends its conversation's activities as Direct Line
// activity groups `{ activities, watermark }`. It reads MongoDB when this instance stores an
// activity for the conversation (immediately) and every `pollMs` (activities written by another
// instance), and never sends an activity twice or out of order.
import { STATUS_CODES, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../log/logger.js';
import type { ConversationStore } from './conversation-store.js';
import type { ConversationSignals } from './signals.js';
import { TokenError, type TokenIssuer } from './tokens.js';

export const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

export interface StreamOptions {
  store: ConversationStore;
  signals: ConversationSignals;
  tokens: TokenIssuer;
  logger: Logger;
  pollMs?: number;
  /** Interval of WebSocket pings; a peer that misses one is dropped. */
  heartbeatMs?: number;
}

export interface StreamServer {
  close(): Promise<void>;
}

/** Parses a watermark: a non-negative integer string, anything else means "from the start". */
export function parseWatermark(value: string | null | undefined): number {
  if (!value || !/^\d{1,12}$/.test(value)) return 0;
  return Number(value);
}

class StreamSession {
  private watermark: number;
  private running = false;
  private again = false;
  private closed = false;
  private readonly stopSignals: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly conversationId: string,
    watermark: number,
    private readonly options: Required<Pick<StreamOptions, 'store' | 'signals' | 'logger'>> & { pollMs: number },
  ) {
    this.watermark = watermark;
    this.stopSignals = options.signals.subscribe(conversationId, () => void this.pump());
    this.timer = setInterval(() => void this.pump(), options.pollMs);
    this.timer.unref();
    socket.on('close', () => this.stop());
    socket.on('error', () => this.stop());
    // Clients send empty strings as keep-alives; nothing they send is meaningful.
    socket.on('message', () => undefined);
    void this.pump();
  }

  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopSignals();
    clearInterval(this.timer);
  }

  private async pump(): Promise<void> {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        const page = await this.options.store.after(this.conversationId, this.watermark);
        if (this.closed) return;
        if (page.activities.length > 0) {
          this.watermark = page.watermark;
          this.socket.send(JSON.stringify({ activities: page.activities, watermark: String(page.watermark) }));
          if (page.activities.length >= 200) this.again = true;
        }
      } while (this.again && !this.closed);
    } catch (err) {
      this.options.logger.warn({ err, conversationId: this.conversationId }, 'web chat stream read failed');
    } finally {
      this.running = false;
    }
  }
}

/** Handles WebSocket upgrades for stream URLs on `httpServer`; other upgrade paths are left alone. */
export function attachStreamServer(httpServer: HttpServer, options: StreamOptions): StreamServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sessions = new Set<StreamSession>();
  const pollMs = options.pollMs ?? 1500;
  const alive = new WeakMap<WebSocket, boolean>();

  const reject = (socket: Duplex, status: number): void => {
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!(req.url ?? '').startsWith('/v3/directline/')) return;
    let url: URL;
    let conversationId: string;
    try {
      url = new URL(req.url ?? '/', 'http://local');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) return reject(socket, 404);
      conversationId = decodeURIComponent(match[1] ?? '');
    } catch {
      // A throw here would escape the 'upgrade' listener and end the process.
      return reject(socket, 400);
    }
    const token = url.searchParams.get('t') ?? bearer(req.headers.authorization);
    void (async () => {
      try {
        const claims = await options.tokens.verifyConversationToken(token ?? undefined);
        if (claims.conversationId !== conversationId) return reject(socket, 403);
        if (!(await options.store.get(conversationId))) return reject(socket, 404);
        wss.handleUpgrade(req, socket, head, (ws) => {
          alive.set(ws, true);
          ws.on('pong', () => alive.set(ws, true));
          const session = new StreamSession(ws, conversationId, parseWatermark(url.searchParams.get('watermark')), {
            store: options.store,
            signals: options.signals,
            logger: options.logger,
            pollMs,
          });
          sessions.add(session);
          ws.on('close', () => sessions.delete(session));
        });
      } catch (err) {
        if (err instanceof TokenError) return reject(socket, err.problem === 'missing' ? 401 : 403);
        options.logger.warn({ err }, 'web chat stream upgrade failed');
        reject(socket, 500);
      }
    })();
  };
  httpServer.on('upgrade', onUpgrade);

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    async close() {
      httpServer.off('upgrade', onUpgrade);
      clearInterval(heartbeat);
      for (const session of sessions) session.stop();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}
