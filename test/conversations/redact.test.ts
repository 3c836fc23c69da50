// The redaction applied to every activity before it is stored in a transcript.
import { expect } from 'chai';
import { REDACTED, REDACTED_CODE, REDACTED_TOKEN, REDACTED_URL, redactActivity, redactText } from '../../src/conversations/redact.js';
import { caseNumbersIn } from '../../src/conversations/case-refs.js';

describe('conversations: redaction before storing', () => {
  it('a message that is only a six-digit code is replaced; case numbers and amounts are kept', () => {
    expect(redactText(' 482913 ')).to.equal(REDACTED_CODE);
    expect(redactText('my code is 482913, thanks')).to.equal(`my code is ${REDACTED_CODE}, thanks`);
    expect(redactText('OTP: 1234')).to.equal(`OTP: ${REDACTED_CODE}`);
    expect(redactText('Case C-2026-000123 for 482913 EUR')).to.equal('Case C-2026-000123 for 482913 EUR');
  });

  it('JWTs and bearer tokens are replaced wherever they are', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJjb252IjoiYWJjIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU';
    expect(redactText(`token ${jwt} end`)).to.equal(`token ${REDACTED_TOKEN} end`);
    expect(redactText('Authorization: Bearer abcdefghijklmnop')).to.equal(`Authorization: Bearer ${REDACTED_TOKEN}`);
  });

  it('signed and upload URLs lose their secrets, ordinary links stay', () => {
    expect(redactText('see https://files.example.com/a.pdf?sv=2020&sig=SECRET&x=1 now')).to.equal(
      'see https://files.example.com/a.pdf?sv=2020&sig=%5Bredacted%5D&x=1 now',
    );
    expect(redactText('http://127.0.0.1:3978/v3/directline/attachments/abc/KEY123/file.pdf')).to.equal(REDACTED_URL);
    expect(redactText('https://example.com/help?page=2')).to.equal('https://example.com/help?page=2');
  });

  it('an activity keeps its shape, text, card and attachment names; codes, file URLs and inline files go', () => {
    const activity = {
      type: 'message',
      id: 'a1',
      from: { id: 'u1', name: 'Una', role: 'user' },
      conversation: { id: 'c1' },
      text: '',
      value: { verb: 'verify.code', flow: 'abcdefgh', step: 'code', code: '123456' },
      attachments: [
        { contentType: 'application/pdf', name: 'invoice.pdf', contentUrl: 'https://bot.example/v3/directline/attachments/x/y/invoice.pdf' },
        { contentType: 'image/png', name: 'photo.png', contentUrl: 'data:image/png;base64,iVBORw0KGgo=' },
        { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'chat.pdf', content: { downloadUrl: 'https://tenant.sharepoint.com/x?tempauth=abc', fileType: 'pdf' } },
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', body: [{ type: 'TextBlock', text: 'Case C-2026-000123' }] } },
      ],
      timestamp: new Date('2026-11-01T10:00:00Z'),
    };
    const safe = redactActivity(activity);
    expect(safe.value).to.deep.equal({ verb: 'verify.code', flow: 'abcdefgh', step: 'code', code: REDACTED });
    expect(safe.attachments.map((a) => [a.contentType, a.name])).to.deep.equal(activity.attachments.map((a) => [a.contentType, a.name]));
    expect(safe.attachments[0].contentUrl).to.equal(REDACTED_URL);
    expect(safe.attachments[1].contentUrl).to.equal(REDACTED_URL);
    expect(safe.attachments[2].content).to.deep.equal({ downloadUrl: REDACTED_URL, fileType: 'pdf' });
    expect(safe.attachments[3].content).to.deep.equal(activity.attachments[3].content);
    expect(safe.timestamp).to.equal(activity.timestamp);
    expect(safe.from).to.deep.equal(activity.from);
    // The input is not changed.
    expect(activity.value.code).to.equal('123456');
    expect(caseNumbersIn(safe)).to.deep.equal(['C-2026-000123']);
  });

  it('a deeply nested or hostile value does not crash it', () => {
    let deep: Record<string, unknown> = { text: 'x' };
    for (let i = 0; i < 100; i += 1) deep = { next: deep };
    expect(() => redactActivity({ type: 'message', channelData: deep })).not.to.throw();
    expect(redactActivity({ value: { password: 12345678, nested: [{ token: 'abc' }] } })).to.deep.equal({ value: { password: REDACTED, nested: [{ token: REDACTED }] } });
  });
});
