// Pure rules for what the local Direct Line stores and forwards.
import { expect } from 'chai';
import { BadActivity, MAX_ACTIVITY_DEPTH, botActivityFromConnector, isDeliverable, userActivityFromClient } from '../../src/web/directline/activity-shape.js';
import { SerialQueue } from '../../src/web/directline/serial-queue.js';

const ctx = {
  conversationId: 'dl-c',
  user: { id: 'dl_u', role: 'user' as const },
  bot: { id: 'bot', name: 'Bot', role: 'bot' as const },
  serviceUrl: 'http://127.0.0.1:1',
};

describe('web chat: activity rules', () => {
  it('a client activity is always from the token user; server fields are replaced, the rest kept', () => {
    const a = userActivityFromClient(
      {
        type: 'message',
        id: 'forged',
        timestamp: '1999-01-01',
        from: { id: 'someone-else', name: '  Ann  ', role: 'bot' },
        conversation: { id: 'dl-other' },
        serviceUrl: 'http://evil',
        text: 'hi',
        channelData: { clientActivityID: 'x' },
        value: { a: 1 },
      },
      ctx,
    );
    expect(a).to.deep.equal({
      type: 'message',
      text: 'hi',
      channelData: { clientActivityID: 'x' },
      value: { a: 1 },
      from: { id: 'dl_u', name: 'Ann', role: 'user' },
      recipient: ctx.bot,
      conversation: { id: 'dl-c' },
      channelId: 'directline',
      serviceUrl: 'http://127.0.0.1:1',
    });
  });

  it('refuses activities that are not objects, lack a type, or carry odd channelData', () => {
    for (const bad of [null, 'text', [], {}, { type: '' }, { type: 'a b' }, { type: 'message', channelData: 'x' }]) {
      expect(() => userActivityFromClient(bad, ctx), JSON.stringify(bad)).to.throw(BadActivity);
    }
  });

  it('refuses values nested deeper than MAX_ACTIVITY_DEPTH, also far deeper than a stack allows', () => {
    const nest = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
    expect(() => userActivityFromClient({ type: 'message', value: nest(MAX_ACTIVITY_DEPTH - 1) }, ctx)).to.not.throw();
    for (const levels of [MAX_ACTIVITY_DEPTH + 1, 200_000]) {
      expect(() => userActivityFromClient({ type: 'message', value: nest(levels) }, ctx), String(levels)).to.throw(BadActivity, /nested/);
    }
    const arrays = JSON.parse(`${'['.repeat(MAX_ACTIVITY_DEPTH + 2)}${']'.repeat(MAX_ACTIVITY_DEPTH + 2)}`) as unknown;
    expect(() => userActivityFromClient({ type: 'message', attachments: arrays }, ctx)).to.throw(BadActivity);
  });

  it('a bot activity gets role bot, the path conversation and replyToId; trace is not delivered', () => {
    const a = botActivityFromConnector({ type: 'message', text: 'x', from: { id: 'b1' }, conversation: { id: 'other' } }, { conversationId: 'dl-c', bot: ctx.bot, replyToId: 'r1' });
    expect(a.from).to.deep.equal({ id: 'b1', role: 'bot' });
    expect(a.conversation).to.deep.equal({ id: 'dl-c' });
    expect(a.replyToId).to.equal('r1');
    expect(botActivityFromConnector({ type: 'typing' }, { conversationId: 'dl-c', bot: ctx.bot }).from).to.deep.equal(ctx.bot);
    expect(isDeliverable({ type: 'trace' })).to.equal(false);
    expect(isDeliverable({ type: 'message' })).to.equal(true);
  });

  it('runs work of one conversation in arrival order, other conversations alongside', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const slow = (label: string, ms: number) => async () => {
      await new Promise((r) => setTimeout(r, ms));
      order.push(label);
    };
    await Promise.all([
      queue.run('a', slow('a1', 40)),
      queue.run('a', slow('a2', 1)),
      queue.run('b', slow('b1', 10)),
      queue.run('a', async () => {
        throw new Error('a3 fails');
      }).catch(() => order.push('a3 failed')),
      queue.run('a', slow('a4', 1)),
    ]);
    expect(order.filter((x) => x.startsWith('a'))).to.deep.equal(['a1', 'a2', 'a3 failed', 'a4']);
    expect(order.indexOf('b1')).to.be.lessThan(order.indexOf('a1'));
  });
});
