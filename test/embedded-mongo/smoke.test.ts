// Smoke test through the shared test database helper: the official driver against the server.
import { expect } from 'chai';
import { GridFSBucket, MongoServerError, ObjectId } from 'mongodb';
import { testDb } from '../support/db.js';

describe('embedded-mongo smoke (via testDb)', () => {
  it('does CRUD, unique indexes, aggregation and GridFS', async () => {
    const db = await testDb('emb_smoke');
    const c = db.collection<{ _id?: ObjectId; name: string; n?: number }>('things');
    await c.createIndex({ name: 1 }, { unique: true });
    await c.insertMany([{ name: 'a', n: 1 }, { name: 'b', n: 2 }]);
    expect(await c.countDocuments({ n: { $gt: 0 } })).to.equal(2);
    const err = await c.insertOne({ name: 'a' }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(MongoServerError);
    expect((err as MongoServerError).code).to.equal(11000);
    const updated = await c.findOneAndUpdate({ name: 'b' }, { $inc: { n: 5 } }, { returnDocument: 'after' });
    expect(updated?.n).to.equal(7);
    const bucket = new GridFSBucket(db);
    const data = Buffer.alloc(300_000, 7);
    const id = await new Promise<ObjectId>((resolve, reject) => {
      const up = bucket.openUploadStream('f.bin');
      up.on('finish', () => resolve(up.id as ObjectId)).on('error', reject);
      up.end(data);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStream(id)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).to.equal(true);
  });
});
