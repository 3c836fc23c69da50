// MongoTranscriptStore against the test database (embedded server, or MONGODB_URI) over the real driver.
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { Db } from 'mongodb';
import { MongoTranscriptStore, TRANSCRIPT_ACTIVITIES_COLLECTION, CONVERSATIONS_COLLECTION } from '../../src/conversations/transcript-store.js';
import { REDACTED_CODE } from '../../src/conversations/redact.js';
import { testDb } from '../support/db.js';

function message(conversationId: string, n: number, fields: Partial<Activity> = {}): Activity {
  return {
    type: 'message',
    id: `m-${n}`,
    channelId: 'test',
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'Una', role: 'user' },
    recipient: { id: 'bot', name: 'Bot' },
    text: `message ${n}`,
    // Same timestamp for all: the order must come from the order they were logged in.
    timestamp: new Date('2026-11-01T10:00:00Z'),
    ...fields,
  } as Activity;
}

describe('conversations: MongoTranscriptStore', () => {
  let db: Db;
  let store: MongoTranscriptStore;
  let now = new Date('2026-11-01T10:00:00Z');

  beforeEach(async () => {
    db = await testDb('transcripts');
    store = new MongoTranscriptStore(db, { retentionDays: 30, pageSize: 20, clock: () => now, memberOf: async (_c, userId) => (userId === 'user-1' ? 'member-1' : undefined) });
    await store.ensureIndexes();
  });

  it('pages a transcript of 45 activities in order with continuation tokens', async () => {
    for (let i = 0; i < 45; i += 1) await store.logActivity(message('conv-a', i));
    await store.logActivity(message('conv-b', 99));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.getTranscriptActivities('test', 'conv-a', token);
      pages += 1;
      seen.push(...page.items.map((a) => a.text ?? ''));
      for (const a of page.items) expect(a.timestamp).to.be.instanceOf(Date);
      token = page.continuationToken || undefined;
    } while (token);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(Array.from({ length: 45 }, (_, i) => `message ${i}`));
    // A garbage token reads from the start rather than failing.
    const bad = await store.getTranscriptActivities('test', 'conv-a', 'not-a-token');
    expect(bad.items[0].text).to.equal('message 0');
  });

  it('keeps the order of one batch and filters by startDate', async () => {
    await store.logActivities([message('conv-c', 1, { timestamp: new Date('2026-11-01T09:00:00Z') }), message('conv-c', 2), message('conv-c', 3)]);
    const all = await store.getTranscriptActivities('test', 'conv-c');
    expect(all.items.map((a) => a.id)).to.deep.equal(['m-1', 'm-2', 'm-3']);
    expect(all.continuationToken).to.equal('');
    const later = await store.getTranscriptActivities('test', 'conv-c', undefined, new Date('2026-11-01T09:30:00Z'));
    expect(later.items.map((a) => a.id)).to.deep.equal(['m-2', 'm-3']);
  });

  it('lists transcripts of a channel by creation date with paging', async () => {
    for (let i = 0; i < 25; i += 1) {
      await store.logActivity(message(`list-${String(i).padStart(2, '0')}`, i, { timestamp: new Date(Date.UTC(2026, 10, 1, 0, i)) }));
    }
    await store.logActivity({ ...message('other', 1), channelId: 'msteams' } as Activity);
    const first = await store.listTranscripts('test');
    expect(first.items).to.have.length(20);
    expect(first.continuationToken).to.not.equal('');
    const second = await store.listTranscripts('test', first.continuationToken);
    expect([...first.items, ...second.items].map((t) => t.id)).to.deep.equal(Array.from({ length: 25 }, (_, i) => `list-${String(i).padStart(2, '0')}`));
    expect(second.continuationToken).to.equal('');
    expect(first.items[0].created.toISOString()).to.equal('2026-11-01T00:00:00.000Z');
    expect((await store.listTranscripts('msteams')).items.map((t) => t.id)).to.deep.equal(['other']);
  });

  it('deletes one transcript and leaves the others', async () => {
    await store.logActivity(message('del-1', 1));
    await store.logActivity(message('del-2', 2));
    await store.deleteTranscript('test', 'del-1');
    expect((await store.getTranscriptActivities('test', 'del-1')).items).to.have.length(0);
    expect(await store.getConversation('test', 'del-1')).to.equal(null);
    expect((await store.getTranscriptActivities('test', 'del-2')).items).to.have.length(1);
    // Deleting what does not exist is fine; missing ids are refused.
    await store.deleteTranscript('test', 'never');
    let error: unknown;
    try {
      await store.deleteTranscript('', 'x');
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(Error);
  });

  it('links conversations to the member and to the cases mentioned; deletes a member’s history', async () => {
    await store.logActivities([
      message('mem-1', 1, { text: 'show C-2026-000123' }),
      message('mem-1', 2, { from: { id: 'bot', name: 'Bot', role: 'bot' }, recipient: { id: 'user-1', name: 'Una', role: 'user' }, text: 'Case C-2026-000123: Processing' } as Partial<Activity>),
    ]);
    await store.logActivity(message('mem-2', 3, { text: '654321' }));
    await store.logActivity(message('stranger', 4, { from: { id: 'user-2', name: 'Sam', role: 'user' } }));
    const conv = await store.getConversation('test', 'mem-1');
    expect(conv).to.include({ memberId: 'member-1', userId: 'user-1', userName: 'Una', activityCount: 2 });
    expect(conv?.caseNumbers).to.deep.equal(['C-2026-000123']);
    expect((await store.listConversations({ caseNumber: 'C-2026-000123' })).map((c) => c.conversationId)).to.deep.equal(['mem-1']);
    expect((await store.listConversations({ memberId: 'member-1' })).map((c) => c.conversationId).sort()).to.deep.equal(['mem-1', 'mem-2']);
    const roles = (await store.activities.find({ conversationId: 'mem-1' }).sort({ seq: 1 }).toArray()).map((d) => d.role);
    expect(roles).to.deep.equal(['user', 'bot']);
    // Redacted on the way in.
    expect((await store.getTranscriptActivities('test', 'mem-2')).items[0].text).to.equal(REDACTED_CODE);
    const raw = await db.collection(TRANSCRIPT_ACTIVITIES_COLLECTION).find({ conversationId: 'mem-2' }).toArray();
    expect(JSON.stringify(raw)).to.not.include('654321');

    expect(await store.deleteMemberHistory('member-1')).to.equal(2);
    expect(await store.listConversations({ memberId: 'member-1' })).to.have.length(0);
    expect(await db.collection(TRANSCRIPT_ACTIVITIES_COLLECTION).countDocuments({ conversationId: { $in: ['mem-1', 'mem-2'] } })).to.equal(0);
    expect((await store.getTranscriptActivities('test', 'stranger')).items).to.have.length(1);
  });

  it('sets the retention date and has TTL indexes on both collections', async () => {
    await store.logActivity(message('ttl', 1));
    const doc = await db.collection(TRANSCRIPT_ACTIVITIES_COLLECTION).findOne({ conversationId: 'ttl' });
    expect((doc?.expiresAt as Date).toISOString()).to.equal('2026-12-01T10:00:00.000Z');
    now = new Date('2026-11-05T10:00:00Z');
    await store.logActivity(message('ttl', 2));
    const conv = await db.collection(CONVERSATIONS_COLLECTION).findOne({ conversationId: 'ttl' });
    expect((conv?.expiresAt as Date).toISOString()).to.equal('2026-12-05T10:00:00.000Z');
    for (const name of [TRANSCRIPT_ACTIVITIES_COLLECTION, CONVERSATIONS_COLLECTION]) {
      const ttl = (await db.collection(name).indexes()).find((i) => i.key.expiresAt === 1);
      expect(ttl?.expireAfterSeconds, name).to.equal(0);
    }
  });
});
