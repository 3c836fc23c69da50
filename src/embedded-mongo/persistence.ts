// Durability for a data folder: a snapshot of the whole catalog plus an append-only journal of the
// changes since. A command's changes are appended and fdatasync'd before its reply is sent, so a crash
// loses at most the writes not yet acknowledged. The sync is a group commit: the writes of one moment
// (one turn of the event loop) share one asynchronous fdatasync, and writes arriving while it runs
// share the next, so the event loop never blocks on the disk and a burst of writes costs a few syncs.
// Snapshots are written to a temporary file, fsync'd and renamed over the old one, so a crash while
// compacting leaves the previous snapshot intact.
//
// Both files are sequences of BSON documents (each starts with its own length). Records are
// idempotent, so replaying a journal over a snapshot that already contains it is harmless.
import { closeSync, existsSync, fdatasync, fdatasyncSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BSON, type Document } from 'bson';
import type { Logger } from 'pino';
import type { Catalog } from './storage/catalog.js';
import { encodeChange, type Change } from './storage/changes.js';

export const SNAPSHOT_FILE = 'snapshot.bson';
export const JOURNAL_FILE = 'journal.bson';
export const LOCK_FILE = 'embedded-mongo.lock';
const WRITE_CHUNK = 4 * 1024 * 1024;
/** Folders opened by this process (the lock file can't tell two servers of one process apart). */
const openDirs = new Set<string>();

export interface PersistenceOptions {
  logger?: Logger;
  /** Rewrite the snapshot once the journal grows past this many bytes (and the snapshot's size). Default 64 MiB. */
  compactBytes?: number;
}

/** Decodes a file of concatenated BSON documents; stops at a torn or corrupt tail. */
export function readRecords(buf: Buffer): { records: Document[]; validBytes: number } {
  const records: Document[] = [];
  let offset = 0;
  while (offset + 5 <= buf.length) {
    const size = buf.readInt32LE(offset);
    if (size < 5 || offset + size > buf.length) break;
    try {
      records.push(BSON.deserialize(buf.subarray(offset, offset + size)));
    } catch {
      break;
    }
    offset += size;
  }
  return { records, validBytes: offset };
}

interface Waiters {
  promise: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

function waiters(): Waiters {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (a TTL sweep's commit): a failure is logged by whoever awaits, not thrown here.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export class Persistence {
  private journalFd: number;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private pending: Change[] = [];
  private closed = false;
  private readonly compactBytes: number;
  /** The group commit being written and synced, if any. */
  private syncing: Promise<void> | undefined;
  /** The writers waiting for the next group commit (their changes are in `pending`). */
  private next: Waiters | undefined;

  private constructor(
    private readonly dir: string,
    private readonly catalog: Catalog,
    private readonly opts: PersistenceOptions,
  ) {
    this.compactBytes = opts.compactBytes ?? 64 * 1024 * 1024;
    this.journalFd = -1;
  }

  /** Locks the folder, loads snapshot and journal into the catalog, and starts journaling. */
  static open(dir: string, catalog: Catalog, opts: PersistenceOptions = {}): Persistence {
    mkdirSync(dir, { recursive: true });
    const p = new Persistence(dir, catalog, opts);
    p.lock();
    try {
      p.load();
      p.journalFd = openSync(join(dir, JOURNAL_FILE), 'a');
      // Start each run from a fresh snapshot and an empty journal.
      if (p.journalBytes > 0) p.compact();
      catalog.sink = (change) => p.pending.push(change);
    } catch (err) {
      p.unlock();
      throw err;
    }
    return p;
  }

  /**
   * Makes the changes made so far durable through the next group commit. Undefined when there is
   * nothing to write (the caller may answer at once); otherwise resolves once they are on disk.
   */
  commit(): Promise<void> | undefined {
    if (this.closed || this.pending.length === 0) return undefined;
    if (!this.next) {
      this.next = waiters();
      // Started after this turn of the event loop, so every write of the moment joins the same sync.
      if (!this.syncing) setImmediate(() => this.cycle());
    }
    return this.next.promise;
  }

  /** One group commit: append what is pending, fdatasync without blocking, answer its writers. */
  private cycle(): void {
    const group = this.next;
    this.next = undefined;
    if (!group) return;
    if (this.closed) {
      group.reject(new Error('embedded-mongo: the data folder was closed before the write reached the disk'));
      return;
    }
    this.syncing = new Promise<void>((done) => {
      const finish = (err: Error | null): void => {
        if (err) group.reject(err);
        else group.resolve();
        this.syncing = undefined;
        done();
        try {
          if (!err && this.journalBytes >= Math.max(this.compactBytes, this.snapshotBytes)) this.compact();
        } catch (compactErr) {
          this.opts.logger?.error({ err: compactErr }, 'embedded-mongo: compaction failed; the journal keeps growing');
        }
        if (this.next) this.cycle();
      };
      try {
        this.writePending();
      } catch (err) {
        finish(err as Error);
        return;
      }
      fdatasync(this.journalFd, finish);
    });
  }

  /** Appends the changes made since the last flush and waits for them to reach the disk (synchronously). */
  flush(): void {
    if (this.closed) return;
    if (this.syncing) throw new Error('embedded-mongo: flush() while a group commit is in flight; await close() instead');
    const group = this.next;
    this.next = undefined;
    try {
      if (this.pending.length) {
        this.writePending();
        fdatasyncSync(this.journalFd);
      }
    } catch (err) {
      group?.reject(err as Error);
      throw err;
    }
    group?.resolve();
    // Compacting rewrites everything: wait until the journal is as big as the snapshot, so the cost
    // of rewriting stays proportional to the writes (no quadratic behaviour on big databases).
    if (this.journalBytes >= Math.max(this.compactBytes, this.snapshotBytes)) this.compact();
  }

  /** Appends the pending changes to the journal (page cache; the caller syncs). */
  private writePending(): void {
    const changes = this.pending;
    this.pending = [];
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    const writeBatch = (): void => {
      if (!batch.length) return;
      const all = Buffer.concat(batch);
      let off = 0;
      while (off < all.length) off += writeSync(this.journalFd, all, off, all.length - off);
      this.journalBytes += all.length;
      batch = [];
      batchBytes = 0;
    };
    for (const c of changes) {
      const b = encodeChange(c);
      batch.push(b);
      batchBytes += b.length;
      if (batchBytes >= WRITE_CHUNK) writeBatch();
    }
    writeBatch();
  }

  /** Writes a snapshot of the whole catalog and empties the journal. */
  compact(): void {
    const tmp = join(this.dir, `${SNAPSHOT_FILE}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      let parts: Uint8Array[] = [];
      let bytes = 0;
      let total = 0;
      const put = (change: Change): void => {
        const b = encodeChange(change);
        parts.push(b);
        bytes += b.length;
        total += b.length;
        if (bytes >= WRITE_CHUNK) drain();
      };
      const drain = (): void => {
        const all = Buffer.concat(parts);
        let off = 0;
        while (off < all.length) off += writeSync(fd, all, off, all.length - off);
        parts = [];
        bytes = 0;
      };
      for (const coll of this.catalog.allCollections()) {
        put({ o: 'cc', d: coll.db, c: coll.name, opts: coll.options });
        for (const index of coll.indexes.values()) put({ o: 'ci', d: coll.db, c: coll.name, spec: index.spec });
        for (const doc of coll.docs.values()) put({ o: 'p', d: coll.db, c: coll.name, doc });
      }
      drain();
      fsyncSync(fd);
      this.snapshotBytes = total;
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT_FILE));
    this.syncDir();
    // Only now is the journal redundant; a crash before this line replays it over the new snapshot.
    ftruncateSync(this.journalFd, 0);
    fsyncSync(this.journalFd);
    this.journalBytes = 0;
  }

  /**
   * Writes what is pending, a final snapshot, and releases the folder. Waits for a group commit in
   * flight first; without one it finishes synchronously (the promise is already settled).
   */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.syncing) return this.syncing.then(() => this.close());
    try {
      this.flush();
      this.compact();
    } finally {
      this.closed = true;
      this.catalog.sink = () => {};
      closeSync(this.journalFd);
      this.unlock();
    }
    return Promise.resolve();
  }

  private load(): void {
    const snapshotPath = join(this.dir, SNAPSHOT_FILE);
    const journalPath = join(this.dir, JOURNAL_FILE);
    if (existsSync(snapshotPath)) {
      const buf = readFileSync(snapshotPath);
      this.snapshotBytes = buf.length;
      const { records, validBytes } = readRecords(buf);
      if (validBytes !== buf.length) throw new Error(`embedded-mongo: snapshot ${snapshotPath} is corrupt at byte ${validBytes}`);
      for (const r of records) this.catalog.replay(r as Change);
    }
    if (existsSync(journalPath)) {
      const buf = readFileSync(journalPath);
      const { records, validBytes } = readRecords(buf);
      for (const r of records) this.catalog.replay(r as Change);
      if (validBytes !== buf.length) {
        // A torn last record: the write that was in flight when the process died. Drop it.
        this.opts.logger?.warn({ journalPath, validBytes, size: buf.length }, 'embedded-mongo: ignoring a torn record at the end of the journal');
        const fd = openSync(journalPath, 'r+');
        try {
          ftruncateSync(fd, validBytes);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      this.journalBytes = validBytes;
    }
  }

  private syncDir(): void {
    try {
      const fd = openSync(this.dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Some platforms (Windows) can't fsync a directory; the rename is still atomic there.
    }
  }

  /** One server per data folder: two appending to the same journal would corrupt it. */
  private lock(): void {
    const abs = resolve(this.dir);
    if (openDirs.has(abs)) throw new Error(`embedded-mongo: data folder ${this.dir} is already open in this process`);
    const path = join(this.dir, LOCK_FILE);
    if (existsSync(path)) {
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) throw new Error(`embedded-mongo: data folder ${this.dir} is in use by process ${pid}`);
    }
    writeFileSync(path, `${process.pid}\n`);
    openDirs.add(abs);
  }

  private unlock(): void {
    openDirs.delete(resolve(this.dir));
    rmSync(join(this.dir, LOCK_FILE), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
