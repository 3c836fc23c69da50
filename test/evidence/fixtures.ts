// Test files generated on the fly (no committed blobs): real magic bytes, real zips from
// yazl, and zips patched afterwards the way hostile ones are made.
import { deflateSync, crc32 } from 'node:zlib';
import yazl from 'yazl';

export interface ZipInput {
  name: string;
  data: Buffer;
  compress?: boolean;
}

export function buildZip(entries: ZipInput[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { compress: e.compress ?? true, mtime: new Date(2026, 0, 1) });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Replaces every occurrence of a same-length name (yazl refuses hostile names itself). */
export function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error('names must have the same byte length');
  const out = Buffer.from(zip);
  let i = out.indexOf(a);
  let n = 0;
  while (i !== -1) {
    b.copy(out, i);
    n += 1;
    i = out.indexOf(a, i + a.length);
  }
  if (n === 0) throw new Error(`name ${from} not found`);
  return out;
}

const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Offsets of the central directory headers (first entry first). */
function centralHeaders(zip: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (zip.readUInt32LE(i) === CENTRAL) out.push(i);
  return out;
}

/** Rewrites what the central directory declares about one entry. */
export function patchCentral(zip: Buffer, index: number, patch: { uncompressedSize?: number; flags?: number; method?: number }): Buffer {
  const out = Buffer.from(zip);
  const at = centralHeaders(out)[index];
  if (at === undefined) throw new Error(`no central header #${index}`);
  if (patch.flags !== undefined) out.writeUInt16LE(patch.flags, at + 8);
  if (patch.method !== undefined) out.writeUInt16LE(patch.method, at + 10);
  if (patch.uncompressedSize !== undefined) out.writeUInt32LE(patch.uncompressedSize, at + 24);
  const local = out.readUInt32LE(at + 42);
  if (out.readUInt32LE(local) !== LOCAL) throw new Error('local header not found');
  if (patch.flags !== undefined) out.writeUInt16LE(patch.flags, local + 6);
  if (patch.method !== undefined) out.writeUInt16LE(patch.method, local + 8);
  return out;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid 1×1 PNG; `salt` changes the pixel so different calls give different files. */
export function png(salt = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const raw = Buffer.from([0, salt & 0xff, (salt >> 8) & 0xff, (salt >> 16) & 0xff]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function pdf(text = 'Proof of shipment'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

export function jpg(): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]);
}

/** A Windows program: "MZ" header and a PE stub. */
export function exe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

/** An OLE compound file whose directory names the given stream (WordDocument, Workbook, …). */
export function cfb(streamName: string): Buffer {
  const b = Buffer.alloc(1536);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0);
  Buffer.from('Root Entry', 'utf16le').copy(b, 1024);
  Buffer.from(streamName, 'utf16le').copy(b, 1152);
  return b;
}

const CONTENT_TYPES = (main: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="${main}"/></Types>`;

export function docx(text = 'Sales contract'): Promise<Buffer> {
  return buildZip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES('/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')) },
    { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0"?><Relationships/>') },
    { name: 'word/document.xml', data: Buffer.from(`<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`) },
  ]);
}

export function xlsx(): Promise<Buffer> {
  return buildZip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES('/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')) },
    { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0"?><Relationships/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>') },
  ]);
}

export async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}
