// Persistence: a data folder survives a clean restart, a crash (SIGKILL of the CLI process) and a
// torn journal tail; two servers can't share one folder.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GridFSBucket, MongoClient, MongoServerError, type ObjectId } from 'mongodb';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { JOURNAL_FILE, Persistence, SNAPSHOT_FILE } from '../../src/embedded-mongo/persistence.js';
import { Catalog } from '../../src/embedded-mongo/storage/catalog.js';
import { startHarness } from './helpers.js';

function startCli(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/embedded-mongo/cli.ts', '--port', '0', '--data', dataDir], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /^(mongodb:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, uri: m[1] });
      }
    });
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('embedded-mongo persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows after a restart what was written before: documents, indexes, GridFS files', async function () {
    this.timeout(60_000);
    const data = randomBytes(3 * 1024 * 1024 + 17);
    let fileId: ObjectId;
    {
      const h = await startHarness({ dataDir: dir });
      const db = h.client.db('app');
      const cases = db.collection('cases');
      await cases.createIndex({ number: 1 }, { unique: true });
      await cases.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 3600 });
      await cases.insertMany([{ number: 1, state: 'new' }, { number: 2, state: 'new' }, { number: 3, state: 'new' }]);
      await cases.updateOne({ number: 2 }, { $set: { state: 'closed' } });
      await cases.deleteOne({ number: 3 });
      await db.collection('dropped').insertOne({ x: 1 });
      await db.collection('dropped').drop();
      const bucket = new GridFSBucket(db);
      fileId = await new Promise<ObjectId>((resolve, reject) => {
        const up = bucket.openUploadStream('evidence.bin');
        up.on('finish', () => resolve(up.id)).on('error', reject);
        up.end(data);
      });
      await h.close();
    }
    expect(existsSync(join(dir, SNAPSHOT_FILE))).to.equal(true);
    expect(statSync(join(dir, JOURNAL_FILE)).size).to.equal(0);
    const h = await startHarness({ dataDir: dir });
    try {
      const db = h.client.db('app');
      const cases = db.collection('cases');
      expect((await cases.find({}, { projection: { _id: 0 } }).sort({ number: 1 }).toArray())).to.deep.equal([
        { number: 1, state: 'new' },
        { number: 2, state: 'closed' },
      ]);
      expect((await db.listCollections().toArray()).map((c) => c.name).sort()).to.deep.equal(['cases', 'fs.chunks', 'fs.files']);
      expect((await cases.indexes()).map((i) => i.name)).to.deep.equal(['_id_', 'number_1', 'expiresAt_1']);
      const dup = await cases.insertOne({ number: 1 }).catch((e: unknown) => e);
      expect((dup as MongoServerError).code).to.equal(11000);
      const parts: Buffer[] = [];
      for await (const chunk of new GridFSBucket(db).openDownloadStream(fileId)) parts.push(chunk as Buffer);
      expect(Buffer.concat(parts).equals(data)).to.equal(true);
    } finally {
      await h.close();
    }
  });

  it('keeps acknowledged writes when the process is killed (journal replay), and ignores a torn tail', async function () {
    this.timeout(60_000);
    const { child, uri } = await startCli(dir);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    try {
      const c = client.db('app').collection('cases');
      await c.createIndex({ number: 1 }, { unique: true });
      for (let i = 1; i <= 20; i++) await c.insertOne({ number: i });
      await c.updateOne({ number: 5 }, { $set: { state: 'changed' } });
    } finally {
      await client.close();
    }
    const gone = exited(child);
    child.kill('SIGKILL');
    await gone;
    expect(statSync(join(dir, JOURNAL_FILE)).size).to.be.greaterThan(0);
    // A write that was being appended when the process died: a partial record at the end.
    appendFileSync(join(dir, JOURNAL_FILE), Buffer.from([0x40, 0x00, 0x00, 0x00, 0x02, 0x6f]));
    const h = await startHarness({ dataDir: dir });
    try {
      const c = h.client.db('app').collection('cases');
      expect(await c.countDocuments()).to.equal(20);
      expect((await c.findOne({ number: 5 }))?.state).to.equal('changed');
      const dup = await c.insertOne({ number: 7 }).catch((e: unknown) => e);
      expect((dup as MongoServerError).code).to.equal(11000);
    } finally {
      await h.close();
    }
  });

  it('keeps every write acknowledged before a kill -9 while many writers share group commits', async function () {
    this.timeout(60_000);
    const { child, uri } = await startCli(dir);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, maxPoolSize: 20 });
    const acked: number[] = [];
    let stop = false;
    const c = client.db('app').collection<{ _id: number; w: number; pad: string }>('burst');
    const writers = Array.from({ length: 12 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const id = w * 1_000_000 + i;
        try {
          await c.insertOne({ _id: id, w, pad: 'x'.repeat(200) });
          acked.push(id);
        } catch {
          return; // the server died under this write: it was never acknowledged
        }
      }
    });
    while (acked.length < 400) await new Promise((r) => setTimeout(r, 10));
    const gone = exited(child);
    child.kill('SIGKILL'); // while the writers are still writing
    await gone;
    stop = true;
    await Promise.all(writers);
    await client.close(true);
    const h = await startHarness({ dataDir: dir });
    try {
      const stored = new Set((await h.client.db('app').collection('burst').find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id as unknown as number));
      const lost = acked.filter((id) => !stored.has(id));
      expect(lost, `${lost.length} of ${acked.length} acknowledged writes lost`).to.deep.equal([]);
    } finally {
      await h.close();
    }
  });

  it('stops the CLI cleanly on SIGTERM, writing a snapshot', async function () {
    this.timeout(60_000);
    const { child, uri } = await startCli(dir);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    await client.db('app').collection('x').insertOne({ a: 1 });
    const gone = exited(child);
    child.kill('SIGTERM');
    expect(await gone).to.equal(0);
    await client.close();
    expect(statSync(join(dir, JOURNAL_FILE)).size).to.equal(0);
    expect(statSync(join(dir, SNAPSHOT_FILE)).size).to.be.greaterThan(0);
  });

  it('refuses a second server on the same data folder', async () => {
    const first = await startEmbeddedMongo({ port: 0, dataDir: dir });
    try {
      const err = await startEmbeddedMongo({ port: 0, dataDir: dir }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(Error);
      expect((err as Error).message).to.match(/already open|in use/);
    } finally {
      await first.close();
    }
    const again = await startEmbeddedMongo({ port: 0, dataDir: dir });
    await again.close();
  });

  it('loads when a crash left the journal next to a snapshot that already contains it', async () => {
    const saved = join(dir, 'journal.saved');
    {
      const h = await startHarness({ dataDir: dir });
      const c = h.client.db('app').collection<{ _id: string; k?: number }>('k');
      await c.createIndex({ k: 1 }, { unique: true });
      await c.insertOne({ _id: 'a', k: 1 });
      await c.updateOne({ _id: 'a' }, { $set: { k: 2 } });
      await c.insertOne({ _id: 'b', k: 1 }); // replaying a's first version over the snapshot meets b
      const m = h.client.db('app').collection<{ _id: number; tmp?: number }>('m');
      await m.createIndex({ tmp: 1 }, { unique: true });
      await m.insertOne({ _id: 1 });
      await m.dropIndex('tmp_1');
      await m.insertOne({ _id: 2 }); // replaying the index over the snapshot meets two missing tmp
      copyFileSync(join(dir, JOURNAL_FILE), saved);
      await h.close();
    }
    // As if the process died after renaming the new snapshot but before emptying the journal.
    copyFileSync(saved, join(dir, JOURNAL_FILE));
    rmSync(saved);
    const h = await startHarness({ dataDir: dir });
    try {
      const c = h.client.db('app').collection<{ _id: string; k?: number }>('k');
      expect(await c.find().sort({ _id: 1 }).toArray()).to.deep.equal([{ _id: 'a', k: 2 }, { _id: 'b', k: 1 }]);
      expect((await c.indexes()).map((i) => i.name)).to.deep.equal(['_id_', 'k_1']);
      const m = h.client.db('app').collection<{ _id: number; tmp?: number }>('m');
      expect(await m.find().sort({ _id: 1 }).toArray()).to.deep.equal([{ _id: 1 }, { _id: 2 }]);
      expect((await m.indexes()).map((i) => i.name)).to.deep.equal(['_id_']);
    } finally {
      await h.close();
    }
  });

  it('compacts the journal into the snapshot once it grows past the threshold', async () => {
    const catalog = new Catalog();
    const p = Persistence.open(dir, catalog, { compactBytes: 4096 });
    const coll = catalog.ensure('app', 'c');
    p.flush();
    let compactions = 0;
    let last = statSync(join(dir, JOURNAL_FILE)).size;
    for (let i = 0; i < 200; i++) {
      coll.insert({ _id: i, pad: 'x'.repeat(100) });
      p.flush();
      const size = statSync(join(dir, JOURNAL_FILE)).size;
      if (size < last) compactions++;
      last = size;
    }
    expect(compactions).to.be.greaterThan(0);
    // Not after every write: compaction waits for the journal to reach the snapshot's size.
    expect(compactions).to.be.below(20);
    await p.close();
    const again = new Catalog();
    const p2 = Persistence.open(dir, again);
    try {
      expect(again.get('app', 'c')?.size).to.equal(200);
    } finally {
      await p2.close();
    }
  });
});
