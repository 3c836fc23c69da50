import { expect } from 'chai';
import { englishWords } from '../../src/faq/english-words.js';
import { createNormaliser } from '../../src/faq/normalise.js';

const n = createNormaliser({ platformNames: ['Alibaba.com', 'Alibaba'], partnerNames: ['AliExpress'], vocabulary: [], dictionary: englishWords() });

describe('FAQ text normalisation', () => {
  it('folds synonyms onto one concept', () => {
    expect(n.tokens('dispute claim ticket case complaint')).to.deep.equal(Array(5).fill('complaint'));
    expect(n.tokens('seller vendor supplier')).to.deep.equal(Array(3).fill('supplier'));
    expect(n.tokens('reply answer respond')).to.deep.equal(Array(3).fill('respond'));
    expect(n.tokens('zip compress archive')).to.deep.equal(Array(3).fill('zip'));
    expect(n.tokens('withdraw cancel')).to.deep.equal(['cancel', 'cancel']);
    expect(n.tokens('proof evidence')).to.deep.equal(['evidence', 'evidence']);
  });

  it('fixes typos against the known vocabulary', () => {
    expect(n.tokens('complant')).to.deep.equal(['complaint']);
    expect(n.tokens('reponse')).to.deep.equal(['respond']);
    expect(n.tokens('evidance')).to.deep.equal(['evidence']);
  });

  it('leaves everyday words alone instead of "fixing" them into domain words', () => {
    expect(n.tokens('care')).to.deep.equal(['care']);
    expect(n.tokens('policy')).to.deep.equal(['policy']);
    expect(n.tokens('reliable')).to.deep.equal(['reliable']);
    expect(n.tokens('attack')).to.deep.equal(['attack']);
    expect(n.tokens('simple')).to.deep.equal(['simple']);
  });

  it('still fixes misspellings that happen to be English words', () => {
    expect(n.tokens('compliant')).to.deep.equal(['complaint']);
  });

  it('reads contractions and multi-word phrases', () => {
    expect(n.tokens("I can't reply")).to.deep.equal(['cannot', 'respond']);
    expect(n.tokens('sign in to the other party')).to.deep.equal(['login', 'otherparty']);
  });

  it('tells filing verbs from documents', () => {
    expect(n.tokens('file a claim')).to.deep.equal(['submit', 'complaint']);
    expect(n.tokens('upload a file')).to.deep.equal(['upload', 'file']);
  });

  it('marks a complaint filed by someone else as against me', () => {
    expect(n.tokens('a buyer opened a dispute')).to.include('against');
    expect(n.tokens("I've been reported")).to.include('against');
    expect(n.tokens('how do I open a dispute')).not.to.include('against');
  });

  it("reads whose turn it is and who sees uploads", () => {
    expect(n.tokens("the buyer hasn't replied yet")).to.include('awaitother');
    expect(n.tokens('it is awaiting my response')).to.include('awaitme');
    expect(n.tokens('will the seller see my files')).to.include('private');
    expect(n.tokens('a dispute I opened last week')).to.include('after');
  });

  it('recognises the configured platform and partner names', () => {
    expect(n.tokens('Alibaba.com')).to.deep.equal(['platform']);
    expect(n.tokens('on AliExpress')).to.deep.equal(['partner']);
  });
});
