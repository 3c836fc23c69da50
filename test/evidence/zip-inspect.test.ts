import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { DEFAULT_ZIP_LIMITS, MB, type ZipLimits } from '../../src/evidence/limits.js';
import { inspectZip, listZipEntries, unsafeEntryName } from '../../src/evidence/zip-inspect.js';
import { buildZip, docx, patchCentral, pdf, png, renameInZip } from './fixtures.js';
import { refusedWith } from './refused-with.js';

function check(zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS, forbidNested = true) {
  return inspectZip(zip, { limits, fileName: 'evidence.zip', forbidNested });
}

describe('zip inspection', () => {
  it('lists the entries of an ordinary zip with their sizes', async () => {
    const zip = await buildZip([
      { name: 'shipping/label.pdf', data: pdf() },
      { name: 'shipping/photo.png', data: png(1) },
      { name: 'chat.txt', data: Buffer.from('Seller: shipped on Monday.\n'.repeat(40)) },
    ]);
    const entries = await check(zip);
    expect(entries.map((e) => e.name)).to.deep.equal(['shipping/label.pdf', 'shipping/photo.png', 'chat.txt']);
    expect(entries[2]).to.include({ size: 27 * 40, directory: false, encrypted: false });
    expect(entries[2].compressedSize).to.be.below(entries[2].size);
    expect(await listZipEntries(zip)).to.deep.equal(entries);
  });

  it('accepts a zipped Word document (Office files are zips themselves)', async () => {
    const zip = await buildZip([{ name: 'contracts/contract.docx', data: await docx() }, { name: 'contracts/other.docx', data: await docx('Addendum') }]);
    expect(await check(zip)).to.have.length(2);
  });

  it('refuses a high-ratio zip bomb (5 MB of zeros, about 1000:1)', async () => {
    const zip = await buildZip([{ name: 'zeros.bin', data: Buffer.alloc(5 * MB) }]);
    expect(zip.length).to.be.below(10_000);
    const msg = await refusedWith(check(zip), 'zip_ratio');
    expect(msg).to.include('more than 100 to 1').and.include('zip bomb');
  });

  it('applies the ratio rule to the whole archive too, not only to each entry', async () => {
    // 30 entries of 200 KB zeros: each under the 1 MB floor, together 6 MB at ~1000:1.
    const zip = await buildZip(Array.from({ length: 30 }, (_, i) => ({ name: `part${i}.txt`, data: Buffer.alloc(200 * 1024, 0x20) })));
    await refusedWith(check(zip), 'zip_ratio');
  });

  it('refuses a zip declaring more than 100 MB uncompressed', async () => {
    const zip = patchCentral(await buildZip([{ name: 'big.bin', data: Buffer.alloc(1000, 7) }, { name: 'b.txt', data: Buffer.from('b') }]), 0, {
      uncompressedSize: 150 * MB,
    });
    const msg = await refusedWith(check(zip), 'zip_too_big');
    expect(msg).to.include('100 MB');
  });

  it('does not trust declared sizes: an entry inflating past its declared size is refused', async () => {
    // 2 MB of zeros declared as 20 000 bytes: the declared ratio looks harmless.
    const zip = patchCentral(await buildZip([{ name: 'liar.txt', data: Buffer.alloc(2 * MB, 0x41) }]), 0, { uncompressedSize: 20_000 });
    await refusedWith(check(zip), 'zip_size_mismatch');
  });

  it('uses the configured total limit', async () => {
    const limits = { ...DEFAULT_ZIP_LIMITS, maxTotalUncompressedBytes: 64 * 1024, maxRatio: 1e9 };
    const honest = await buildZip([{ name: 'a.bin', data: Buffer.alloc(50 * 1024, 1) }, { name: 'b.bin', data: Buffer.alloc(50 * 1024, 2) }]);
    await refusedWith(check(honest, limits), 'zip_too_big');
  });

  it('refuses more than 1000 entries', async () => {
    const zip = await buildZip(Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(String(i)) })));
    const msg = await refusedWith(check(zip), 'zip_too_many_entries');
    expect(msg).to.include('1001').and.include('1000');
    expect(await check(await buildZip(Array.from({ length: 1000 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(String(i)) }))))).to.have.length(1000);
  });

  it('refuses nested archives by name and by content', async () => {
    const inner = await buildZip([{ name: 'a.txt', data: Buffer.from('a') }]);
    expect(await refusedWith(check(await buildZip([{ name: 'docs/inner.zip', data: inner }])), 'zip_nested_archive')).to.include('"docs/inner.zip"');
    await refusedWith(check(await buildZip([{ name: 'logs.tar.gz', data: gzipSync('x') }])), 'zip_nested_archive');
    await refusedWith(check(await buildZip([{ name: 'RAR.rar', data: Buffer.from('Rar!\x1a\x07\x00', 'latin1') }])), 'zip_nested_archive');
    // A zip renamed to look like a picture, and a gzip with no name at all.
    await refusedWith(check(await buildZip([{ name: 'photo.jpg', data: inner }])), 'zip_nested_archive');
    await refusedWith(check(await buildZip([{ name: 'data', data: gzipSync(Buffer.alloc(100)) }])), 'zip_nested_archive');
  });

  it('allows nested zips where the container legitimately embeds them (docx/xlsx)', async () => {
    const inner = await buildZip([{ name: 'a.txt', data: Buffer.from('a') }]);
    const zip = await buildZip([{ name: 'word/embeddings/sheet.xlsx', data: inner }]);
    expect(await check(zip, DEFAULT_ZIP_LIMITS, false)).to.have.length(1);
  });

  for (const [label, evil] of [
    ['parent folder', '../../evil.txt'],
    ['absolute path', '/etc/evil.txt.'],
    ['drive letter', 'C:/Win/evil.tx'],
    ['backslashes', '..\\..\\evil.tx'],
    ['parent inside', 'docs/../../e.t'],
  ] as const) {
    it(`refuses a path-traversal entry name (${label})`, async () => {
      const placeholder = 'x'.repeat(Buffer.byteLength(evil));
      const zip = renameInZip(await buildZip([{ name: 'ok.txt', data: Buffer.from('ok') }, { name: placeholder, data: Buffer.from('evil') }]), placeholder, evil);
      const msg = await refusedWith(check(zip), 'zip_unsafe_path');
      expect(msg).to.include(evil);
    });
  }

  it('refuses encrypted entries', async () => {
    const zip = patchCentral(await buildZip([{ name: 'secret.pdf', data: pdf() }]), 0, { flags: 0x0001 });
    const msg = await refusedWith(check(zip), 'zip_encrypted');
    expect(msg).to.include('password');
  });

  it('refuses compression methods it cannot verify', async () => {
    const zip = patchCentral(await buildZip([{ name: 'a.txt', data: Buffer.from('hello hello hello') }]), 0, { method: 12 });
    await refusedWith(check(zip), 'zip_unsupported_method');
  });

  it('refuses something that is not a zip at all', async () => {
    await refusedWith(check(Buffer.from('PK\x03\x04 definitely not a zip', 'latin1')), 'zip_corrupt');
  });

  it('names unsafe entry names precisely', () => {
    expect(unsafeEntryName('a/b/c.txt')).to.equal(undefined);
    expect(unsafeEntryName('a..b/c.txt')).to.equal(undefined);
    expect(unsafeEntryName('../c.txt')).to.include('..');
    expect(unsafeEntryName('\\\\server\\share')).to.include('backslash');
    expect(unsafeEntryName('D:evil')).to.include('drive');
  });
});
