// The activity log of Direct Line conversations in MongoDB: watermarks in order, no activity
// skipped while its writer is still writing, a dead writer's hole skipped after a grace period.
import { expect } from 'chai';
import { ConversationStore, CONVERSATIONS_COLLECTION } from '../../src/web/directline/conversation-store.js';
import { testDb } from '../support/db.js';

describe('web chat: conversation store', () => {
  it('numbers activities 1, 2, 3… and reads them after a watermark', async () => {
    const store = new ConversationStore(await testDb('dlstore'));
    await store.ensureIndexes();
    expect(await store.create('dl-a', 'dl_user')).to.equal(true);
    expect(await store.create('dl-a', 'dl_user')).to.equal(false);
    const stored = await Promise.all([1, 2, 3, 4, 5].map((n) => store.append('dl-a', { type: 'message', text: `m${n}` })));
    expect(stored.map((a) => a.id).sort()).to.deep.equal(['dl-a|0000001', 'dl-a|0000002', 'dl-a|0000003', 'dl-a|0000004', 'dl-a|0000005']);
    const page = await store.after('dl-a', 2);
    expect(page.watermark).to.equal(5);
    expect(page.activities.map((a) => a.id)).to.deep.equal(['dl-a|0000003', 'dl-a|0000004', 'dl-a|0000005']);
    expect((await store.after('dl-a', 5)).activities).to.deep.equal([]);
  });

  it('waits at a fresh hole and skips it once the grace period is over', async () => {
    const db = await testDb('dlhole');
    let now = new Date('2026-11-01T10:00:00Z');
    const store = new ConversationStore(db, { holeGraceMs: 3000, now: () => now });
    await store.create('dl-h', 'dl_user');
    await store.append('dl-h', { type: 'message', text: 'one' });
    // A writer took number 2 and died before writing it.
    await db.collection(CONVERSATIONS_COLLECTION).updateOne({ _id: 'dl-h' as never }, { $inc: { seq: 1 } });
    await store.append('dl-h', { type: 'message', text: 'three' });
    const fresh = await store.after('dl-h', 0);
    expect(fresh.activities.map((a) => a.text)).to.deep.equal(['one']);
    expect(fresh.watermark).to.equal(1);
    now = new Date(now.getTime() + 5000);
    const later = await store.after('dl-h', 1);
    expect(later.activities.map((a) => a.text)).to.deep.equal(['three']);
    expect(later.watermark).to.equal(3);
  });

  it('keeps card JSON exactly, keys like $schema included', async () => {
    const store = new ConversationStore(await testDb('dljson'));
    await store.create('dl-j', 'dl_user');
    const card = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', 'a.b': 1 };
    await store.append('dl-j', { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    const [activity] = (await store.after('dl-j', 0)).activities;
    expect((activity.attachments as Array<{ content: unknown }>)[0].content).to.deep.equal(card);
  });
});
