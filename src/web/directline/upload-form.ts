// Reads Web Chat's upload: a multipart form with one `activity` part (the message, JSON, type
// application/vnd.microsoft.activity) and one part per file. Node's own multipart parser (the
// fetch Request) does the parsing; the byte count is capped before anything is buffered further.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { Request } from 'restify';
import { HttpError } from './http.js';

export interface UploadedFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface UploadForm {
  activity: unknown;
  files: UploadedFile[];
}

class ByteLimit extends Transform {
  exceeded = false;
  private seen = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) {
      this.exceeded = true;
      done(new Error('too large'));
      return;
    }
    done(null, chunk);
  }
}

/**
 * Most files one upload may carry. The byte cap alone would let a form of thousands of tiny parts
 * become thousands of stored files (and download URLs handed to the bot); a case takes 20 at most.
 */
export const MAX_UPLOAD_FILES = 20;

const tooLarge = (maxBytes: number): HttpError =>
  new HttpError(413, 'MessageSizeTooBig', `Files of up to ${Math.floor(maxBytes / (1024 * 1024))} MB can be attached`);

export async function readUploadForm(req: Request, maxBytes: number): Promise<UploadForm> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;/i.test(contentType)) throw new HttpError(400, 'BadArgument', 'Expected a multipart/form-data body');
  if (req.readableEnded) throw new HttpError(500, 'ServiceError', 'The upload body was consumed before this route (a global body parser?)');
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge(maxBytes);

  const limit = new ByteLimit(maxBytes);
  const source = req.pipe(limit);
  req.on('error', (err) => limit.destroy(err));
  let form: FormData;
  try {
    const parsed = new globalThis.Request('http://local/upload', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: Readable.toWeb(source) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    form = await parsed.formData();
  } catch {
    if (limit.exceeded) throw tooLarge(maxBytes);
    throw new HttpError(400, 'BadArgument', 'The multipart body could not be read');
  }

  let activity: unknown = undefined;
  const files: UploadedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'activity') activity = parseActivity(value);
      continue;
    }
    if (field === 'activity') {
      activity = parseActivity(await value.text());
      continue;
    }
    if (files.length >= MAX_UPLOAD_FILES) throw new HttpError(400, 'BadArgument', `At most ${MAX_UPLOAD_FILES} files can be attached at once`);
    files.push({
      name: safeFileName(value.name),
      contentType: value.type || 'application/octet-stream',
      bytes: new Uint8Array(await value.arrayBuffer()),
    });
  }
  if (activity === undefined) throw new HttpError(400, 'BadArgument', 'The upload needs an "activity" part');
  return { activity, files };
}

function parseActivity(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'BadArgument', 'The "activity" part is not valid JSON');
  }
}

/** A file name without path parts or control characters, for headers and display. */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return clean || 'file';
}
