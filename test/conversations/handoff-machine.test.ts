// The handoff state machine and the phrases that drive it: pure functions.
import { expect } from 'chai';
import { HANDOFF_STATES, asksForPerson, isBackToBot, isRelaying, isWaitOver, offerAnswer, transition, waitDeadline, type HandoffEvent } from '../../src/conversations/handoff-machine.js';

describe('conversations: handoff state machine', () => {
  it('goes none → offered → waiting → active → ended', () => {
    const offered = transition('none', { type: 'offer' });
    expect(offered).to.deep.equal({ ok: true, state: 'offered' });
    expect(transition('offered', { type: 'accept' })).to.deep.equal({ ok: true, state: 'waiting' });
    expect(transition('waiting', { type: 'take' })).to.deep.equal({ ok: true, state: 'active' });
    expect(transition('active', { type: 'end', by: 'staff' })).to.deep.equal({ ok: true, state: 'ended', endReason: 'completed' });
  });

  it('ends with the right reason for each way out', () => {
    expect(transition('offered', { type: 'decline' })).to.include({ state: 'ended', endReason: 'declined' });
    expect(transition('waiting', { type: 'end', by: 'user' })).to.include({ state: 'ended', endReason: 'cancelled' });
    expect(transition('waiting', { type: 'timeout' })).to.include({ state: 'ended', endReason: 'timed_out' });
    expect(transition('active', { type: 'end', by: 'user' })).to.include({ state: 'ended', endReason: 'left' });
  });

  it('refuses what does not apply, with a reason', () => {
    const refused: Array<[(typeof HANDOFF_STATES)[number], HandoffEvent]> = [
      ['active', { type: 'take' }],
      ['ended', { type: 'take' }],
      ['none', { type: 'take' }],
      ['offered', { type: 'take' }],
      ['active', { type: 'timeout' }],
      ['active', { type: 'offer' }],
      ['waiting', { type: 'accept' }],
      ['none', { type: 'end', by: 'user' }],
      ['waiting', { type: 'decline' }],
    ];
    for (const [state, event] of refused) {
      const t = transition(state, event);
      expect(t.ok, `${state} + ${event.type}`).to.equal(false);
      if (!t.ok) expect(t.reason).to.be.a('string').and.not.equal('');
    }
    // A new request after one ended.
    expect(transition('ended', { type: 'offer' })).to.deep.equal({ ok: true, state: 'offered' });
    expect(transition('ended', { type: 'accept' })).to.deep.equal({ ok: true, state: 'waiting' });
  });

  it('knows when the bot is silent and when a wait is over', () => {
    expect(HANDOFF_STATES.filter(isRelaying)).to.deep.equal(['waiting', 'active']);
    const at = new Date('2026-11-01T10:00:00Z');
    const until = waitDeadline(at, 10);
    expect(until.toISOString()).to.equal('2026-11-01T10:10:00.000Z');
    expect(isWaitOver('waiting', until, new Date('2026-11-01T10:09:59Z'))).to.equal(false);
    expect(isWaitOver('waiting', until, until)).to.equal(true);
    expect(isWaitOver('active', until, new Date('2026-11-01T11:00:00Z'))).to.equal(false);
  });

  it('reads the user’s words', () => {
    for (const t of ['talk to a human', 'Agent', 'support', 'speak to someone!', 'a person']) expect(asksForPerson(t), t).to.equal(true);
    for (const t of ['how do I contact the supplier?', 'support tickets are slow', 'my agent number']) expect(asksForPerson(t), t).to.equal(false);
    for (const t of ['back to the bot', 'Cancel', 'back to bot.']) expect(isBackToBot(t), t).to.equal(true);
    expect(isBackToBot('cancel my order')).to.equal(false);
    expect(offerAnswer('Yes please')).to.equal('yes');
    expect(offerAnswer('no thanks')).to.equal('no');
    expect(offerAnswer('maybe later today')).to.equal(undefined);
  });
});
