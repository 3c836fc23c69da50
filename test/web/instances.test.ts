// Two app instances on one database, as behind a load balancer: a conversation started on one is
// served by the other, and a socket on one receives what the other stored (MongoDB, not memory).
import { expect } from 'chai';
import { testDb } from '../support/db.js';
import { EchoBot } from './support/echo-bot.js';
import { DirectLineClient, StreamReader } from './support/directline-client.js';
import { startWebChatApp, type WebChatTestApp } from './support/webchat-app.js';

describe('web chat: several instances', function () {
  this.timeout(30_000);
  let one: WebChatTestApp;
  let two: WebChatTestApp;

  before(async () => {
    const db = await testDb('webchat_shared');
    one = await startWebChatApp({}, () => new EchoBot(), { db });
    two = await startWebChatApp({}, () => new EchoBot(), { db });
  });
  after(async () => {
    await one?.stop();
    await two?.stop();
  });

  it('streams on instance one what instance two stored, in order and once', async () => {
    const conversation = await new DirectLineClient(one.url).startConversation();
    const stream = await StreamReader.open(conversation.streamUrl);
    try {
      await stream.waitFor((a) => a.length >= 1);
      const viaTwo = new DirectLineClient(two.url);
      for (const text of ['first', 'second']) {
        const posted = await viaTwo.post(conversation, { type: 'message', text });
        expect(posted.status).to.equal(200);
      }
      const all = await stream.waitFor((a) => a.some((x) => x.text === 'echo: second'), 10_000);
      expect(all.map((a) => a.text ?? '').slice(1)).to.deep.equal(['first', 'echo: first', 'second', 'echo: second']);
      const ids = all.map((a) => a.id);
      expect(new Set(ids).size).to.equal(ids.length);
    } finally {
      stream.close();
    }
  });
});
