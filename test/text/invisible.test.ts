import { expect } from 'chai';
import { stripInvisible } from '../../src/text/invisible.js';
import { defaultComplaintTypes, validateField } from '../../src/cases/complaint-types.js';

describe('text: invisible characters', () => {
  it('removes bidirectional overrides, isolates, zero-width characters and the BOM, nothing else', () => {
    expect(stripInvisible('Acme\u200b Ltd\u202e')).to.equal('Acme Ltd');
    expect(stripInvisible('\ufeffA\u2066B\u2069C\u200dD\u061c')).to.equal('ABCD');
    expect(stripInvisible('Müller & Söhne — 北京 ✓')).to.equal('Müller & Söhne — 北京 ✓');
  });

  it('descriptions in complaint forms are stored without them', () => {
    const field = defaultComplaintTypes().flatMap((t) => t.fields).find((f) => f.kind === 'longtext')!;
    expect(validateField(field, 'They shipped \u202egnorw\u202c the goods\u200b.')).to.deep.equal({ ok: true, value: 'They shipped gnorw the goods.' });
  });
});
