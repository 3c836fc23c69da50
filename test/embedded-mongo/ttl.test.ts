// TTL indexes: expired documents disappear on the monitor's next pass; others stay.
import { expect } from 'chai';
import { startHarness, uniqueName, type Harness } from './helpers.js';

describe('embedded-mongo TTL', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ ttlMonitorIntervalMs: 50 });
  });
  after(async () => h.close());

  it('removes documents whose date is older than expireAfterSeconds', async () => {
    const c = h.client.db(uniqueName('ttl')).collection('sessions');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    const now = Date.now();
    await c.insertMany([
      { name: 'old', at: new Date(now - 120_000) },
      { name: 'fresh', at: new Date(now) },
      { name: 'old-in-array', at: [new Date(now), new Date(now - 61_000)] },
      { name: 'not-a-date', at: 'yesterday' },
      { name: 'no-field' },
    ]);
    const deadline = Date.now() + 3000;
    while ((await c.countDocuments()) > 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect((await c.find().toArray()).map((d) => d.name).sort()).to.deep.equal(['fresh', 'no-field', 'not-a-date']);
  });

  it('expireAfterSeconds 0 expires at the date itself', async () => {
    const c = h.client.db(uniqueName('ttl')).collection('codes');
    await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await c.insertMany([{ n: 1, expiresAt: new Date(Date.now() + 200) }, { n: 2, expiresAt: new Date(Date.now() + 600_000) }]);
    expect(await c.countDocuments()).to.equal(2);
    await new Promise((r) => setTimeout(r, 500));
    expect((await c.find().toArray()).map((d) => d.n)).to.deep.equal([2]);
  });
});
