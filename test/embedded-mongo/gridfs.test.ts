// GridFS through the driver's GridFSBucket: the evidence store depends on it.
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { GridFSBucket, type ObjectId } from 'mongodb';
import { startHarness, uniqueName, type Harness } from './helpers.js';

async function upload(bucket: GridFSBucket, name: string, data: Buffer): Promise<ObjectId> {
  return new Promise((resolve, reject) => {
    const up = bucket.openUploadStream(name, { metadata: { kind: 'test' } });
    up.on('finish', () => resolve(up.id)).on('error', reject);
    // Write in 64 KiB pieces, as a stream from a request would.
    for (let i = 0; i < data.length; i += 65536) up.write(data.subarray(i, i + 65536));
    up.end();
  });
}

async function download(bucket: GridFSBucket, id: ObjectId): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(id)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('embedded-mongo GridFS', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  for (const [label, size] of [['1 MB', 1024 * 1024], ['30 MB', 30 * 1024 * 1024]] as const) {
    it(`uploads and downloads ${label} intact`, async function () {
      this.timeout(120_000);
      const bucket = new GridFSBucket(h.client.db(uniqueName('gridfs')), { bucketName: 'evidence' });
      const data = randomBytes(size);
      const t0 = performance.now();
      const id = await upload(bucket, `file-${label}.bin`, data);
      const t1 = performance.now();
      const back = await download(bucket, id);
      const t2 = performance.now();
      expect(back.length).to.equal(data.length);
      expect(sha(back)).to.equal(sha(data));
      const files = await bucket.find({ _id: id }).toArray();
      expect(files[0]).to.deep.include({ length: size, filename: `file-${label}.bin`, metadata: { kind: 'test' } });
      console.log(`      GridFS ${label}: upload ${(t1 - t0).toFixed(0)} ms, download ${(t2 - t1).toFixed(0)} ms`);
    });
  }

  it('reads ranges, finds by name, deletes files with their chunks', async () => {
    const db = h.client.db(uniqueName('gridfs'));
    const bucket = new GridFSBucket(db);
    const data = randomBytes(600_000);
    const id = await upload(bucket, 'ranged.bin', data);
    const parts: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStream(id, { start: 300_000, end: 300_100 })) parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).equals(data.subarray(300_000, 300_100))).to.equal(true);
    const byName: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStreamByName('ranged.bin')) byName.push(chunk as Buffer);
    expect(Buffer.concat(byName).equals(data)).to.equal(true);
    await bucket.delete(id);
    expect(await db.collection('fs.chunks').countDocuments()).to.equal(0);
    expect(await db.collection('fs.files').countDocuments()).to.equal(0);
    const indexes = (await db.collection('fs.chunks').indexes()).map((i) => ({ key: i.key, unique: i.unique }));
    expect(indexes).to.deep.include({ key: { files_id: 1, n: 1 }, unique: true });
  });
});
