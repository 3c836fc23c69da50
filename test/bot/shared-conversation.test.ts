// Cases are private: in a Teams channel or group chat the bot shows nothing about them and does not
// remember that conversation as a place to post the member's case notifications.
import { expect } from 'chai';
import { ACCOUNTS_COLLECTION } from '../../src/identity/member-service.js';
import { isSharedConversation } from '../../src/identity/shared-conversation.js';
import { makeWorld, seen, type World } from './support/harness.js';
import { BUYER, fileFraud } from './support/flows.js';

describe('bot: group chats and channels', () => {
  let w: World;
  before(async () => {
    w = await makeWorld('bot_shared');
  });

  it('in a channel or group chat a party gets the personal-chat note, never its case', async () => {
    const u = w.user('shared-1', { channelId: 'msteams' });
    const number = await fileFraud(w, u, { verify: BUYER });
    const personal = u.adapter.conversation.conversation;
    for (const conversation of [
      { id: '19:team-channel@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true },
      { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true },
    ]) {
      for (const activity of [{ text: `status of ${number}` }, { text: 'my cases' }, { value: { verb: 'case.view', caseNumber: number } }]) {
        const r = seen(await u.send({ ...activity, conversation: conversation as never }));
        expect(r).to.include('only in a personal chat').and.not.include(number).and.not.include('Bad Co');
      }
      expect(await u.send({ type: 'conversationUpdate', membersAdded: [{ id: 'someone', name: '' }], conversation: conversation as never })).to.have.length(0);
    }
    // The account still points at the personal chat for notifications.
    const account = await w.db.collection(ACCOUNTS_COLLECTION).findOne({ userId: 'shared-1' });
    expect((account?.reference as { conversation?: { id?: string } }).conversation?.id).to.equal(personal.id);
    // And the personal chat works as before.
    expect(seen(await u.send(`status of ${number}`))).to.include(number);
  });

  it('tells personal chats (Teams personal, web chat without a type) from shared ones', () => {
    expect(isSharedConversation({ conversationType: 'personal' })).to.equal(false);
    expect(isSharedConversation({})).to.equal(false);
    expect(isSharedConversation(undefined)).to.equal(false);
    expect(isSharedConversation({ conversationType: 'channel' })).to.equal(true);
    expect(isSharedConversation({ conversationType: 'groupChat' })).to.equal(true);
    expect(isSharedConversation({ isGroup: true })).to.equal(true);
  });
});
