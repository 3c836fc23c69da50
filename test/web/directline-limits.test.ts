// Load limits of the local Direct Line: a flood of posts to one conversation is refused with 429 and
// Retry-After (as Azure Direct Line does) while other conversations go on; limits are kept in MongoDB.
import { expect } from 'chai';
import type { Db } from 'mongodb';
import { testDb } from '../support/db.js';
import { EchoBot } from './support/echo-bot.js';
import { DirectLineClient } from './support/directline-client.js';
import { startWebChatApp, type WebChatTestApp } from './support/webchat-app.js';

describe('web chat: local Direct Line load limits', function () {
  this.timeout(60_000);
  let server: WebChatTestApp;
  let dl: DirectLineClient;
  let db: Db;

  before(async () => {
    db = await testDb('dl_limits');
    server = await startWebChatApp({ PLATFORM_NAME: 'Echo Market' }, () => new EchoBot(), { db });
    dl = new DirectLineClient(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses a flood of posts to one conversation with 429 and Retry-After; another conversation is unaffected', async () => {
    const flooded = await dl.startConversation();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 40; i += 1) {
      const res = await dl.request('POST', `/conversations/${flooded.conversationId}/activities`, flooded.token, { type: 'message', from: { id: 'x' }, text: `flood ${i}` });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter ??= res.headers.get('retry-after');
        expect(await res.json()).to.deep.equal({ error: { code: 'TooManyRequests', message: 'Too many activities in this conversation; try again later' } });
      } else await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200).length).to.be.at.most(20);
    expect(statuses.filter((s) => s === 429).length).to.be.at.least(20);
    expect(Number(retryAfter)).to.be.within(1, 10);
    const other = await dl.startConversation();
    expect((await dl.post(other, { type: 'message', from: { id: 'x' }, text: 'hello' })).status).to.equal(200);
    // The limit is shared by instances: it lives in MongoDB.
    expect(await db.collection('rate_limits').countDocuments({ key: `dl-conversation:${flooded.conversationId}` })).to.equal(1);
  });
});
