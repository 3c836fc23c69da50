// Reads an upload into memory with a hard cap, hashing as it goes. At most maxBytes are
// kept: the chunk that crosses the limit is dropped and the source destroyed at once.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { EvidenceRejectedError } from './errors.js';
import { formatBytes } from './format.js';

export interface LimitedRead {
  buffer: Buffer;
  sha256: string;
}

export function tooLargeError(name: string | undefined, maxBytes: number): EvidenceRejectedError {
  const what = name ? `"${name}"` : 'The file';
  return new EvidenceRejectedError(
    'too_large',
    `${what} is larger than ${formatBytes(maxBytes)}, the limit for one file. Please make it smaller (for example compress the images, or split the document) and send it again.`,
  );
}

export async function readLimited(data: Buffer | Readable, maxBytes: number, name?: string): Promise<LimitedRead> {
  if (Buffer.isBuffer(data)) {
    if (data.length > maxBytes) throw tooLargeError(name, maxBytes);
    return { buffer: data, sha256: createHash('sha256').update(data).digest('hex') };
  }
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const raw of data as AsyncIterable<Buffer | string | Uint8Array>) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      total += chunk.length;
      // Throwing inside for-await destroys the source: nothing more is read.
      if (total > maxBytes) throw tooLargeError(name, maxBytes);
      hash.update(chunk);
      chunks.push(chunk);
    }
  } finally {
    if (total > maxBytes && !data.destroyed) data.destroy();
  }
  return { buffer: Buffer.concat(chunks, total), sha256: hash.digest('hex') };
}
