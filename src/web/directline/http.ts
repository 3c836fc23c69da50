// Small HTTP helpers for the web chat routes: JSON bodies read here (not by a global body parser,
// which would also swallow multipart uploads), bearer tokens, and errors in Direct Line's shape.
import type { Request, Response } from 'restify';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Reads a JSON body up to `maxBytes`. An empty body is `undefined`. */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  // A global body parser may have run first: use what it parsed rather than wait for a drained stream.
  const preParsed = (req as Request & { body?: unknown }).body;
  if (preParsed !== undefined) {
    if (typeof preParsed === 'string' || Buffer.isBuffer(preParsed)) return parseJson(preParsed.toString());
    return preParsed;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, 'MessageSizeTooBig', `The request body is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, 'MessageSizeTooBig', `The request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() ? parseJson(text) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'BadArgument', 'The request body is not valid JSON');
  }
}

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

export function sendJson(res: Response, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/** Errors look like Azure Direct Line's: `{ error: { code, message } }`. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

export function queryParam(req: Request, name: string): string | undefined {
  const value = new URL(req.url ?? '/', 'http://local').searchParams.get(name);
  return value ?? undefined;
}
