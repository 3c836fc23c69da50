// Typed text must render as typed where cards and chat render markdown: no disguised links, no images.
import { expect } from 'chai';
import { escapeMarkdown } from '../../src/text/escape-markdown.js';

describe('text: escapeMarkdown', () => {
  it('turns links, images and autolinks into literal text', () => {
    expect(escapeMarkdown('[click](https://evil.example)')).to.equal('\\[click\\](https://evil.example)');
    expect(escapeMarkdown('![](http://tracker.example/p.gif)')).to.equal('!\\[\\](http://tracker.example/p.gif)');
    expect(escapeMarkdown('<https://evil.example>')).to.equal('\\<https://evil.example\\>');
    expect(escapeMarkdown('&#91;click&#93;(https://evil.example) &lbrack;')).to.equal('\\&#91;click\\&#93;(https://evil.example) \\&lbrack;');
  });

  it('escapes emphasis, code, strikethrough, backslashes and block markers at line starts', () => {
    expect(escapeMarkdown('**big** _it_ `code` ~~x~~ a\\b')).to.equal('\\*\\*big\\*\\* \\_it\\_ \\`code\\` \\~\\~x\\~\\~ a\\\\b');
    expect(escapeMarkdown('# title\n- item\n+ item\n12. step\n> quote')).to.equal('\\# title\n\\- item\n\\+ item\n12\\. step\n\\> quote');
  });

  it('leaves ordinary text alone', () => {
    for (const s of ['Buyer Ltd.', 'Order 2026-01-02, paid 300 USD (by card)!', 'Müller & Söhne GmbH', 'C-2026-000123', 'a - b', '3.5 kg']) {
      expect(escapeMarkdown(s)).to.equal(s);
    }
  });
});
