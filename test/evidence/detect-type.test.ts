import { expect } from 'chai';
import { detectEvidenceKind } from '../../src/evidence/detect-type.js';
import { EvidenceRejectedError } from '../../src/evidence/errors.js';
import { ALL_EVIDENCE_KINDS } from '../../src/evidence/limits.js';
import { buildZip, cfb, docx, exe, jpg, pdf, png, xlsx } from './fixtures.js';

const all = ALL_EVIDENCE_KINDS;

async function refusal(p: Promise<unknown>): Promise<EvidenceRejectedError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(EvidenceRejectedError);
    return err as EvidenceRejectedError;
  }
  expect.fail('expected a refusal');
}

describe('evidence type detection (from the bytes, not the name)', () => {
  it('recognises PDF, PNG and JPG by their magic bytes whatever the name says', async () => {
    expect((await detectEvidenceKind(pdf(), 'scan.pdf', all)).kind).to.equal('pdf');
    expect((await detectEvidenceKind(png(), 'photo.pdf', all))).to.include({ kind: 'png', mime: 'image/png' });
    expect((await detectEvidenceKind(jpg(), 'IMG_0001', all))).to.include({ kind: 'jpg', mime: 'image/jpeg' });
  });

  it('refuses a program named .pdf, naming the allowed types', async () => {
    const err = await refusal(detectEvidenceKind(exe(), 'invoice.pdf', all));
    expect(err.reason).to.equal('type_not_allowed');
    expect(err.message).to.include('"invoice.pdf"').and.include('.exe').and.include('PDF, JPG, PNG, GIF, WebP, TXT, CSV, DOC, DOCX, XLS, XLSX and ZIP');
  });

  it('accepts UTF-8 text only under a .txt or .csv name', async () => {
    const text = Buffer.from('order;amount\n123;45,00 €\n');
    expect((await detectEvidenceKind(text, 'orders.CSV', all))).to.include({ kind: 'csv', mime: 'text/csv' });
    expect((await detectEvidenceKind(text, 'notes.txt', all))).to.include({ kind: 'txt', mime: 'text/plain' });
    expect((await refusal(detectEvidenceKind(text, 'notes.html', all))).reason).to.equal('type_not_allowed');
  });

  it('refuses "text" with NUL bytes or invalid UTF-8', async () => {
    expect((await refusal(detectEvidenceKind(Buffer.from('abc\0def'), 'a.txt', all))).reason).to.equal('text_not_utf8');
    expect((await refusal(detectEvidenceKind(Buffer.from([0x61, 0xff, 0xfe, 0x62]), 'a.csv', all))).reason).to.equal('text_not_utf8');
  });

  it('tells Word and Excel compound files apart and refuses other compound files (e.g. installers)', async () => {
    expect((await detectEvidenceKind(cfb('WordDocument'), 'contract.doc', all))).to.include({ kind: 'doc', mime: 'application/msword' });
    expect((await detectEvidenceKind(cfb('Workbook'), 'prices.xls', all))).to.include({ kind: 'xls', mime: 'application/vnd.ms-excel' });
    const err = await refusal(detectEvidenceKind(cfb('SummaryInformation'), 'setup.doc', all));
    expect(err.reason).to.equal('type_not_allowed');
  });

  it('recognises docx and xlsx inside their zip container, and a plain zip', async () => {
    expect((await detectEvidenceKind(await docx(), 'contract.docx', all)).kind).to.equal('docx');
    expect((await detectEvidenceKind(await xlsx(), 'prices.xlsx', all)).kind).to.equal('xlsx');
    expect((await detectEvidenceKind(await buildZip([{ name: 'a.txt', data: Buffer.from('a') }]), 'bundle.zip', all)).kind).to.equal('zip');
  });

  it('honours a narrower allowed list', async () => {
    const err = await refusal(detectEvidenceKind(png(), 'photo.png', ['pdf']));
    expect(err.reason).to.equal('type_not_allowed');
    expect(err.message).to.include('Allowed types: PDF.');
  });
});
