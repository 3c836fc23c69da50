import { expect } from 'chai';
import { englishWords } from '../../src/faq/english-words.js';
import { createNormaliser, PARTNER_TOKEN, PLATFORM_TOKEN } from '../../src/faq/normalise.js';

function normaliser() {
  const n = createNormaliser({ platformNames: ['Alibaba.com', 'Alibaba'], partnerNames: ['AliExpress'], dictionary: englishWords() });
  n.setVocabulary(['How do I submit a complaint against a supplier?', 'upload evidence files', 'respond to the complaint']);
  return n;
}

describe('FAQ text normalisation (general language handling only)', () => {
  const n = normaliser();

  it('folds case, accents, typographic quotes and full-width forms', () => {
    expect(n.normalise('ÇOMPLAINT ＦＩＬＥＳ Résumé').words).to.deep.equal(['complaint', 'files', 'resume']);
    expect(n.normalise('I can\u2019t respond').words).to.deep.equal(['i', 'can', 'not', 'respond']);
  });

  it('expands contractions, with and without the apostrophe', () => {
    expect(n.normalise("I've filed it, don't know what's next, cant respond").words).to.deep.equal([
      'i', 'have', 'filed', 'it', 'do', 'not', 'know', 'what', 'next', 'can', 'not', 'respond',
    ]);
  });

  it('masks e-mail addresses, links and numbers', () => {
    expect(n.normalise('mail jo@example.com about C-2026-000123 see https://x.example/a').words).to.deep.equal([
      'mail', 'xemail', 'about', 'c', 'xnumber', 'see', 'xlink',
    ]);
  });

  it('reads the platform and partner names, longest first, and the data placeholders alike', () => {
    expect(n.normalise('Alibaba.com or alibaba, AliExpress').words).to.deep.equal([PLATFORM_TOKEN, 'or', PLATFORM_TOKEN, PARTNER_TOKEN]);
    expect(n.normalise('{platform} {partner}').words).to.deep.equal([PLATFORM_TOKEN, PARTNER_TOKEN]);
  });

  it('corrects typos towards the knowledge base words but leaves everyday words alone', () => {
    expect(n.normalise('complant evidance suplier').words).to.deep.equal(['complaint', 'evidence', 'supplier']);
    expect(n.normalise('attack simple police').words).to.deep.equal(['attack', 'simple', 'police']);
  });

  it('stems what it returns', () => {
    expect(n.normalise('complaints uploading files').stems).to.deep.equal(['complaint', 'upload', 'file']);
  });
});
