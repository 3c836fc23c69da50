// The TCP server: accepts connections, owns the shared state (catalog, cursors), runs the periodic
// jobs (cursor expiry, TTL reaping) and shuts everything down on close().
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { ServerState } from './commands/context.js';
import { serveConnection } from './connection.js';
import { CursorStore } from './cursors.js';
import { Catalog } from './storage/catalog.js';
import { reapExpired } from './ttl.js';

export interface ServerOptions {
  port: number;
  host: string;
  logger?: Logger;
  ttlMonitorIntervalMs: number;
  cursorTimeoutMs: number;
  /**
   * Called after every change-producing step (commands, TTL reaping) to make changes durable: undefined
   * when there is nothing to wait for, else settles once they are on disk (group commit).
   */
  commit?: () => Promise<void> | undefined;
}

export class MongoServer {
  readonly state: ServerState;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers: NodeJS.Timeout[] = [];
  private nextConnectionId = 1;

  constructor(
    private readonly opts: ServerOptions,
    catalog = new Catalog(),
  ) {
    this.state = { catalog, cursors: new CursorStore(opts.cursorTimeoutMs), startedAt: new Date() };
    const hooks = { afterWrite: () => this.opts.commit?.() };
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      try {
        serveConnection(socket, this.nextConnectionId++, this.state, hooks, opts.logger);
      } catch (err) {
        opts.logger?.error({ err }, 'embedded-mongo: could not set up connection');
        socket.destroy();
      }
    });
    this.server.on('error', (err) => opts.logger?.error({ err }, 'embedded-mongo: server error'));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.every(Math.min(60_000, this.opts.cursorTimeoutMs), () => this.state.cursors.sweep());
    this.every(this.opts.ttlMonitorIntervalMs, () => this.reapTtl());
    const addr = this.server.address();
    if (!addr || typeof addr === 'string') throw new Error('embedded-mongo: no TCP address');
    return addr.port;
  }

  reapTtl(): number {
    const n = reapExpired(this.state.catalog, new Date());
    if (n > 0) {
      this.opts.commit?.()?.catch((err: unknown) => this.opts.logger?.error({ err }, 'embedded-mongo: TTL removals not written to the journal'));
      this.opts.logger?.debug({ n }, 'embedded-mongo: TTL monitor removed expired documents');
    }
    return n;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Pooled driver connections stay open forever; server.close() alone would wait for them.
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
    this.state.cursors.clear();
  }

  private every(ms: number, job: () => void): void {
    const t = setInterval(() => {
      try {
        job();
      } catch (err) {
        this.opts.logger?.error({ err }, 'embedded-mongo: background job failed');
      }
    }, ms);
    t.unref();
    this.timers.push(t);
  }
}
