// Live updates for the desk (GET /api/support/events, server-sent events) across instances: a change made
// by any instance (a party's answer in chat, a timer, another agent) shows in every open desk. MongoDB change
// streams need a replica set, which the embedded server and many deployments lack, so each instance polls the
// cases by `updatedAt` (indexed) while at least one desk is connected and tells its own streams.
import type { ServerResponse } from 'node:http';
import type { Collection, Db } from 'mongodb';
import { CASES_COLLECTION } from '../cases/cases-repository.js';
import type { CaseDoc } from '../cases/types.js';
import type { Logger } from '../log/logger.js';

export const MAX_STREAMS = 200;
export const MAX_STREAMS_PER_STAFF = 5;
const HEARTBEAT_MS = 20_000;
/** Changes written by other instances may carry a slightly earlier clock: read a little behind. */
const OVERLAP_MS = 5_000;

export interface CaseChangedEvent {
  number: string;
  version: number;
  state: CaseDoc['state'];
  updatedAt: string;
}

interface Stream {
  res: ServerResponse;
  staff: string;
}

export class LiveFeed {
  private readonly cases: Collection<CaseDoc>;
  private readonly streams = new Set<Stream>();
  private readonly seen = new Map<string, number>();
  private since: Date;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;

  constructor(
    db: Db,
    private readonly opts: { pollMs: number; clock: () => Date; logger: Logger },
  ) {
    this.cases = db.collection<CaseDoc>(CASES_COLLECTION);
    this.since = opts.clock();
  }

  /** 'busy' when the stream limits are reached (the route answers 429). */
  add(res: ServerResponse, staff: string): 'ok' | 'busy' {
    if (this.stopped || this.streams.size >= MAX_STREAMS || [...this.streams].filter((s) => s.staff === staff).length >= MAX_STREAMS_PER_STAFF) return 'busy';
    const stream = { res, staff };
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    res.write(`retry: 3000\n\n`);
    this.ensureRunning();
    return 'ok';
  }

  get size(): number {
    return this.streams.size;
  }

  private ensureRunning(): void {
    if (this.timer) return;
    this.since = new Date(this.opts.clock().getTime() - OVERLAP_MS);
    this.timer = setInterval(() => {
      if (this.streams.size === 0) return this.idle();
      this.polling ??= this.poll().finally(() => (this.polling = undefined));
    }, this.opts.pollMs);
    this.heartbeat = setInterval(() => this.broadcast(': keep-alive\n\n'), HEARTBEAT_MS);
  }

  private idle(): void {
    clearInterval(this.timer);
    clearInterval(this.heartbeat);
    this.timer = undefined;
    this.heartbeat = undefined;
    this.seen.clear();
  }

  private async poll(): Promise<void> {
    try {
      const from = this.since;
      const changed = await this.cases
        .find({ updatedAt: { $gte: from } }, { projection: { number: 1, version: 1, state: 1, updatedAt: 1 } })
        .sort({ updatedAt: 1 })
        .limit(500)
        .toArray();
      let newest = from.getTime();
      for (const c of changed) {
        newest = Math.max(newest, c.updatedAt.getTime());
        if ((this.seen.get(c.number) ?? -1) >= c.version) continue;
        this.seen.set(c.number, c.version);
        const data: CaseChangedEvent = { number: c.number, version: c.version, state: c.state, updatedAt: c.updatedAt.toISOString() };
        this.broadcast(`event: case\ndata: ${JSON.stringify(data)}\n\n`);
      }
      this.since = new Date(Math.min(newest, this.opts.clock().getTime()) - OVERLAP_MS);
      if (this.seen.size > 5000) this.seen.clear();
    } catch (err) {
      this.opts.logger.warn({ err }, 'support live feed poll failed');
    }
  }

  private broadcast(chunk: string): void {
    for (const s of this.streams) s.res.write(chunk);
  }

  /** Ends every stream (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.idle();
    await this.polling;
    for (const s of this.streams) s.res.end();
    this.streams.clear();
  }
}
