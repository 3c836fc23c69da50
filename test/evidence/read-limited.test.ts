import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { EvidenceRejectedError } from '../../src/evidence/errors.js';
import { readLimited } from '../../src/evidence/read-limited.js';
import { sanitizeFileName } from '../../src/evidence/file-name.js';

describe('reading an upload with a hard cap', () => {
  it('reads and hashes a stream within the limit', async () => {
    const parts = [Buffer.from('proof '), Buffer.from('of '), Buffer.from('shipment')];
    const { buffer, sha256 } = await readLimited(Readable.from(parts), 100);
    expect(buffer.toString()).to.equal('proof of shipment');
    expect(sha256).to.equal(createHash('sha256').update('proof of shipment').digest('hex'));
  });

  it('accepts exactly the limit and refuses one byte more', async () => {
    expect((await readLimited(Buffer.alloc(10), 10)).buffer).to.have.length(10);
    expect((await readLimited(Readable.from([Buffer.alloc(6), Buffer.alloc(4)]), 10)).buffer).to.have.length(10);
    try {
      await readLimited(Readable.from([Buffer.alloc(6), Buffer.alloc(5)]), 10, 'scan.pdf');
      expect.fail('expected too_large');
    } catch (err) {
      expect(err).to.be.instanceOf(EvidenceRejectedError);
      expect((err as EvidenceRejectedError).reason).to.equal('too_large');
      expect((err as Error).message).to.include('"scan.pdf" is larger than 10 bytes');
    }
  });

  it('stops reading an endless source as soon as the limit is passed, and destroys it', async () => {
    let reads = 0;
    const chunk = Buffer.alloc(64 * 1024, 1);
    const endless = new Readable({
      highWaterMark: 64 * 1024,
      read() {
        reads += 1;
        this.push(chunk);
      },
    });
    const limit = 1024 * 1024;
    const err = await readLimited(endless, limit).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as EvidenceRejectedError).reason).to.equal('too_large');
    expect(endless.destroyed).to.equal(true);
    // 16 chunks fill the limit, the 17th passes it; allow the stream's one-chunk read-ahead.
    expect(reads).to.be.at.most(limit / chunk.length + 2);
  });

  it('refuses a Buffer over the limit without hashing it', async () => {
    const err = await readLimited(Buffer.alloc(11), 10).catch((e: unknown) => e);
    expect((err as EvidenceRejectedError).reason).to.equal('too_large');
  });
});

describe('file names from users', () => {
  it('keeps a readable base name only', () => {
    expect(sanitizeFileName('C:\\Users\\me\\Desktop\\invoice 12.pdf')).to.equal('invoice 12.pdf');
    expect(sanitizeFileName('../../etc/passwd')).to.equal('passwd');
    expect(sanitizeFileName('bad\u0000name\r\n.txt')).to.equal('badname.txt');
    expect(sanitizeFileName('...hidden')).to.equal('hidden');
    // Right-to-left override: would display as "invoiceexe.pdf".
    expect(sanitizeFileName('invoice\u202Efdp.exe')).to.equal('invoicefdp.exe');
    expect(sanitizeFileName('a\u2066b\u2069\u200f.pdf')).to.equal('ab.pdf');
    expect(sanitizeFileName('')).to.equal('');
  });

  it('shortens very long names but keeps the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(500)}.xlsx`);
    expect(name).to.have.length(200);
    expect(name.endsWith('.xlsx')).to.equal(true);
  });
});
