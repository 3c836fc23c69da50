import { expect } from 'chai';
import { DEFAULT_EVIDENCE_LIMITS, MB, evidenceLimitsFromConfig, resolveEvidenceLimits } from '../../src/evidence/limits.js';
import { EVIDENCE_PRIVACY_WARNING, allowedTypesPlain, evidenceLimitsText, evidenceUploadNotice, evidenceZipHint } from '../../src/evidence/upload-help.js';
import { formatBytes } from '../../src/evidence/format.js';

describe('evidence help text shown before an upload', () => {
  it('warns that both parties and support see every file', () => {
    expect(EVIDENCE_PRIVACY_WARNING).to.match(/both parties and the support team/);
    expect(EVIDENCE_PRIVACY_WARNING).to.match(/private/);
    expect(evidenceUploadNotice(DEFAULT_EVIDENCE_LIMITS).text.startsWith(EVIDENCE_PRIVACY_WARNING)).to.equal(true);
  });

  it('states the default limits in plain words', () => {
    const text = evidenceLimitsText(DEFAULT_EVIDENCE_LIMITS);
    expect(text).to.equal(
      'You can upload PDF, pictures (JPG, PNG, GIF, WebP), text (TXT, CSV), Word (DOC, DOCX), Excel (XLS, XLSX) and ZIP files, up to 10 MB each. A case can hold up to 20 files.',
    );
  });

  it('follows the configured limits and counts what is left', () => {
    const limits = evidenceLimitsFromConfig({ EVIDENCE_MAX_FILE_MB: 5, EVIDENCE_MAX_FILES: 8 });
    expect(limits.maxFileBytes).to.equal(5 * MB);
    const text = evidenceLimitsText(limits, 3);
    expect(text).to.include('up to 5 MB each').and.include('up to 8 files').and.include('3 files so far: you can add 5 more');
    expect(evidenceLimitsText(limits, 8)).to.include('no more can be added');
    expect(evidenceLimitsText(limits, 1)).to.include('1 file so far');
  });

  it('suggests one zip for many files of one kind, with the zip limits', () => {
    const hint = evidenceZipHint(DEFAULT_EVIDENCE_LIMITS);
    expect(hint).to.include('one zip file').and.include('1000 files').and.include('100 MB');
    const noZip = resolveEvidenceLimits({ allowedKinds: ['pdf', 'png'] });
    expect(evidenceZipHint(noZip)).not.to.include('zip');
    expect(allowedTypesPlain(noZip.allowedKinds)).to.equal('PDF and pictures (PNG)');
  });

  it('formats sizes for people', () => {
    expect(formatBytes(10 * MB)).to.equal('10 MB');
    expect(formatBytes(1536)).to.equal('1.5 KB');
    expect(formatBytes(100 * MB)).to.equal('100 MB');
    expect(formatBytes(1)).to.equal('1 byte');
  });

  it('rejects nonsense limits at start-up', () => {
    expect(() => resolveEvidenceLimits({ maxFileBytes: 0 })).to.throw(RangeError);
    expect(() => resolveEvidenceLimits({ allowedKinds: ['exe' as never] })).to.throw(/unknown evidence kind/);
  });
});
