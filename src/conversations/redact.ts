// What must never be stored in a transcript: one-time codes, tokens, signed links and upload URLs.
// A transcript is read by support staff and kept for TRANSCRIPT_RETENTION_DAYS, so anything that
// grants access (a code still valid for minutes, a bearer token, a download link whose URL is the
// permission) is replaced before the activity is written. Pure functions, no I/O.

export const REDACTED = '[redacted]';
export const REDACTED_CODE = '[code redacted]';
export const REDACTED_TOKEN = '[token redacted]';
export const REDACTED_URL = '[upload URL redacted]';

/** Keys whose values are secrets wherever they appear (card submissions, channel data). */
const SECRET_KEY = /^(code|otp|pin|passcode|token|accessToken|access_token|refreshToken|refresh_token|idToken|id_token|password|secret|clientSecret|authorization|sig|signature)$/i;
/** Attachment fields that point at the uploaded file itself. */
const FILE_URL_KEYS = new Set(['contentUrl', 'downloadUrl', 'thumbnailUrl', 'uploadUrl', 'fileUrl']);
/** Query parameters that make a URL a credential (Azure SAS, SharePoint tempauth, OAuth, S3). */
const SECRET_PARAM = /^(token|access_token|id_token|code|sig|signature|tempauth|key|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature)$/i;

// A JWT (Direct Line tokens, Bot Framework tokens, Entra tokens): three base64url parts, header first.
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/gi;
// A message that is only a six-digit number is the email verification code typed into the chat.
const CODE_ONLY = /^\s*\d{6}\s*$/;
// "code 123456", "my code is: 123456", "OTP 1234"
const CODE_IN_TEXT = /\b(code|otp|pin|passcode)\b([^\d\n]{0,20}?)\d{4,8}\b/gi;
const URL_RE = /\bhttps?:\/\/[^\s"'<>)\]]+/gi;
// Files uploaded to a Bot Framework channel or to this server's local Direct Line: the link is the permission.
const UPLOAD_PATH = /\/v3\/(directline\/)?attachments\//i;
const DATA_URL = /^data:/i;
const MAX_DEPTH = 24;

function redactUrl(url: string): string {
  if (UPLOAD_PATH.test(url)) return REDACTED_URL;
  const q = url.indexOf('?');
  if (q === -1) return url;
  const hashAt = url.indexOf('#', q);
  const query = url.slice(q + 1, hashAt === -1 ? undefined : hashAt);
  let changed = false;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // A malformed escape is compared as written.
    }
    if (eq !== -1 && SECRET_PARAM.test(decoded)) {
      changed = true;
      return `${name}=${encodeURIComponent(REDACTED)}`;
    }
    return part;
  });
  return changed ? `${url.slice(0, q + 1)}${parts.join('&')}` : url;
}

/** A string with its codes, tokens and secret links replaced. */
export function redactText(text: string): string {
  if (CODE_ONLY.test(text)) return REDACTED_CODE;
  return text
    .replace(JWT, REDACTED_TOKEN)
    .replace(BEARER, `Bearer ${REDACTED_TOKEN}`)
    .replace(CODE_IN_TEXT, (_m, word: string, between: string) => `${word}${between}${REDACTED_CODE}`)
    .replace(URL_RE, (url) => redactUrl(url));
}

function redactValue(value: unknown, key: string | undefined, depth: number): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && SECRET_KEY.test(key)) return REDACTED;
    if (key !== undefined && FILE_URL_KEYS.has(key)) return DATA_URL.test(value) || /^https?:/i.test(value) ? REDACTED_URL : redactText(value);
    // Inline file content (data: URLs) is never kept, whatever the key.
    if (DATA_URL.test(value)) return REDACTED_URL;
    return redactText(value);
  }
  if (typeof value === 'number' && key !== undefined && SECRET_KEY.test(key)) return REDACTED;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, undefined, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function') continue;
    out[k] = redactValue(v, k, depth + 1);
  }
  return out;
}

/**
 * A copy of a Bot Framework activity that is safe to store: one-time codes (typed, or in a card
 * submission's `code`), JWTs and bearer tokens, signed query parameters, upload and download URLs of
 * attached files and inline (data:) file content are replaced; everything else (text, cards,
 * attachment names and types, ids, timestamps) is kept as it was.
 */
export function redactActivity<T extends object>(activity: T): T {
  return redactValue(activity, undefined, 0) as T;
}
