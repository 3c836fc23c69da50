// Plain functions of the conversation: payload schemas, free-text intents, time zones and formatting,
// and where the bot's token may be sent.
import { expect } from 'chai';
import { parseSubmit, VERBS } from '../../src/bot/cards/payloads.js';
import { detectIntent } from '../../src/bot/intents.js';
import { timeZoneFromActivity } from '../../src/bot/time-zone.js';
import { formatMoment as formatDateTime, timeLeft } from '../../src/time/reader-time.js';
import type { TurnContext } from 'botbuilder';
import { botTokenHeaders, wantsBotToken } from '../../src/bot/attachment-auth.js';

describe('bot: plain functions', () => {
  describe('parseSubmit', () => {
    it('accepts each verb with its fields, strips Teams wrappers and unknown keys', () => {
      const r = parseSubmit({ verb: 'case.view', caseNumber: ' c-2026-000012 ', msteams: { type: 'messageBack' }, extra: 1 });
      expect(r).to.deep.equal({ ok: true, payload: { verb: 'case.view', caseNumber: 'C-2026-000012' } });
      const form = parseSubmit({ verb: 'file.form', flow: 'AbCdEfGhIjKl', step: 'form', orderNumber: 'PO-1', qty: 4 });
      expect(form.ok && form.payload).to.deep.include({ orderNumber: 'PO-1', qty: '4' });
      const ask = parseSubmit({ verb: 'faq.ask', text: 'How do I submit a complaint?' });
      expect(ask.ok && ask.payload).to.deep.equal({ verb: 'faq.ask', question: 'How do I submit a complaint?' });
      expect(VERBS).to.include.members(['menu.file', 'menu.respond', 'menu.cases', 'menu.human', 'faq.ask']);
    });

    it('refuses unknown verbs, wrong types and oversized or malformed fields', () => {
      expect(parseSubmit(null)).to.include({ ok: false, reason: 'not_object' });
      expect(parseSubmit({ verb: 'toString' })).to.include({ ok: false, reason: 'unknown_verb' });
      expect(parseSubmit({ verb: '__proto__' })).to.include({ ok: false, reason: 'unknown_verb' });
      expect(parseSubmit({ verb: 'file.partner', flow: 'AbCdEfGhIjKl', answer: 'perhaps' })).to.include({ ok: false, reason: 'invalid' });
      expect(parseSubmit({ verb: 'case.view', caseNumber: 'C-1; drop' })).to.include({ ok: false, reason: 'invalid' });
      expect(parseSubmit({ verb: 'file.form', flow: 'AbCdEfGhIjKl', note: { $gt: '' } })).to.include({ ok: false, reason: 'invalid' });
      expect(parseSubmit({ verb: 'file.submit', flow: 'AbCdEfGhIjKl', key: 'short' })).to.include({ ok: false, reason: 'invalid' });
    });

    it("the refusal's detail (logged) keeps only the start of a sender-chosen input name", () => {
      const r = parseSubmit({ verb: 'file.form', flow: 'AbCdEfGhIjKl', [`my card number is 4111 1111 1111 1111 ${'x'.repeat(5000)}`]: { a: 1 } });
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.detail.length).to.be.lessThan(120);
    });
  });

  describe('detectIntent', () => {
    const cases: Array<[string, string, string?]> = [
      ['I want to complain about a supplier', 'file'],
      ['file a complaint', 'file'],
      ['status of C-2026-000012', 'view', 'C-2026-000012'],
      ['cancel c-2026-000012', 'cancelCase', 'C-2026-000012'],
      ['respond to C-2026-000012', 'respond', 'C-2026-000012'],
      ['respond', 'respond'],
      ['I need to answer a complaint against my company', 'respond'],
      ['help', 'help'],
      ['menu', 'menu'],
      ['cancel', 'cancelFlow'],
      ['my cases', 'cases'],
      ['I want to talk to a person', 'human'],
      ['How do I submit a complaint?', 'none'],
      ["I can't respond to all complaints. Why?", 'none'],
      ['What should I do if I have many files to upload?', 'none'],
      ['hi there', 'menu'],
      ['Good morning!', 'menu'],
      ['hello team, how are you?', 'menu'],
      ['Hi, how do I submit a complaint?', 'none'],
      ['hello my order never arrived', 'none'],
      ['respond to C-2026-1', 'respond', 'C-2026-000001'],
      ['status c-2026-42', 'view', 'C-2026-000042'],
      ['status C-2026-0', 'none'],
    ];
    for (const [text, kind, caseNumber] of cases) {
      it(`"${text}" → ${kind}`, () => {
        const intent = detectIntent(text);
        expect(intent.kind).to.equal(kind);
        if (caseNumber) expect(intent).to.have.property('caseNumber', caseNumber);
      });
    }
  });

  describe('time zones', () => {
    it('reads localTimezone, a clientInfo entity or the web chat join value; ignores invalid zones', () => {
      expect(timeZoneFromActivity({ localTimezone: 'Europe/Berlin' })).to.equal('Europe/Berlin');
      expect(timeZoneFromActivity({ entities: [{ type: 'clientInfo', timezone: 'Asia/Tokyo' }] })).to.equal('Asia/Tokyo');
      expect(timeZoneFromActivity({ type: 'event', name: 'webchat/join', value: { timeZone: 'America/Chicago' } })).to.equal('America/Chicago');
      expect(timeZoneFromActivity({ localTimezone: 'Nowhere/Special' })).to.equal(undefined);
      expect(timeZoneFromActivity({})).to.equal(undefined);
    });

    it('formats in the zone, else in UTC, and counts the time left', () => {
      const at = new Date('2026-12-01T13:00:00Z');
      expect(formatDateTime(at, 'Europe/Berlin')).to.equal('1 Dec 2026, 14:00 (Europe/Berlin)');
      expect(formatDateTime(at)).to.equal('1 Dec 2026, 13:00 UTC');
      expect(formatDateTime(at.toISOString(), 'bad/zone')).to.equal('1 Dec 2026, 13:00 UTC');
      const now = new Date('2026-11-29T10:30:00Z');
      expect(timeLeft(at, now)).to.equal('2 days 2 hours left');
      expect(timeLeft(new Date('2026-11-29T11:15:00Z'), now)).to.equal('45 minutes left');
      expect(timeLeft(now, at)).to.equal('the deadline has passed');
    });
  });

  it('sends the bot token only to Bot Framework and Teams service hosts over https', () => {
    expect(wantsBotToken('https://smba.trafficmanager.net/emea/v3/attachments/x/views/original')).to.equal(true);
    expect(wantsBotToken('https://webchat.botframework.com/attachments/x')).to.equal(true);
    expect(wantsBotToken('http://smba.trafficmanager.net/x')).to.equal(false);
    expect(wantsBotToken('https://evil.example/botframework.com')).to.equal(false);
    expect(wantsBotToken('https://botframework.com.evil.example/x')).to.equal(false);
    expect(wantsBotToken('not a url')).to.equal(false);
    expect(wantsBotToken('https://us-api.asm.skype.com/v1/objects/0-eus-d1/views/imgo')).to.equal(true);
    // Anyone can register a *.trafficmanager.net name: only the Teams service's own host gets the token.
    expect(wantsBotToken('https://attacker.trafficmanager.net/v3/attachments/x')).to.equal(false);
    expect(wantsBotToken('https://smba.trafficmanager.net:8443/x')).to.equal(false);
    expect(wantsBotToken('https://user@smba.trafficmanager.net.evil.example/x')).to.equal(false);
    expect(wantsBotToken('https://botframework.com.trafficmanager.net/x')).to.equal(false);
  });

  it('never asks for the token, let alone sends it, for an arbitrary host', async () => {
    let asked = 0;
    const credentials = { getToken: async () => { asked += 1; return 'secret-bot-token'; } };
    const ctx = { adapter: { ConnectorClientKey: Symbol.for('cc') }, turnState: new Map([[Symbol.for('cc'), { credentials }]]) } as unknown as TurnContext;
    for (const url of ['https://attacker.trafficmanager.net/a.png', 'https://evil.example/a.png', 'http://webchat.botframework.com/a']) {
      expect(await botTokenHeaders(ctx, url), url).to.equal(undefined);
    }
    expect(asked).to.equal(0);
    expect(await botTokenHeaders(ctx, 'https://smba.trafficmanager.net/amer/v3/attachments/a/views/original')).to.deep.equal({ Authorization: 'Bearer secret-bot-token' });
  });
});
