// The desk's JSON API under /api/support/ (README: "Support desk API"). Thin: authenticate, validate with
// zod, call the case service, answer JSON. Every staff action passes the staff member's email as the
// event's actorId. Errors are JSON { error } a person can read; a lost race is 409 with what changed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import { CaseService, ConflictError, NotAllowedError, NotFoundError, ValidationError } from '../cases/case-service.js';
import type { CaseDoc } from '../cases/types.js';
import { EvidenceNotFoundError, type EvidenceStore } from '../evidence/index.js';
import type { Logger } from '../log/logger.js';
import type { Mailer } from '../notify/mailer.js';
import type { Db } from 'mongodb';
import { expandCard } from '../cards/templates.js';
import { CaseQueries } from './case-queries.js';
import { TokenRefused, type EntraTokenVerifier } from './entra-token.js';
import { HttpError, parseBody, readCookie, readJson, sendError, sendJson, sessionCookie } from './http.js';
import type { LiveFeed } from './live-feed.js';
import { decodeCursor, encodeCursor } from './queue.js';
import * as S from './schemas.js';
import type { SessionStore, StaffSession } from './sessions.js';
import type { SignInCodes } from './sign-in-codes.js';
import { renderStaffCodeEmail } from './sign-in-mail.js';
import type { StaffDirectory, StaffMember } from './staff.js';
import { partyCardData, queueRow, timelineEntry, type TypeInfo } from './views.js';

export const API = '/api/support';
export const CSRF_HEADER = 'x-csrf-token';

export interface RouteDeps {
  db: Db;
  cases: CaseService;
  evidence: EvidenceStore;
  mailer: Mailer;
  staff: StaffDirectory;
  sessions: SessionStore;
  codes: SignInCodes;
  sso: EntraTokenVerifier;
  live: LiveFeed;
  logger: Logger;
  clock: () => Date;
  platformName: string;
  publicUrl: () => string;
  sessionHours: number;
}

interface Authed {
  staff: StaffMember;
  session: StaffSession;
}

type Handler = (req: Request, res: Response) => Promise<void>;

export function registerSupportRoutes(server: Server, deps: RouteDeps): void {
  const queries = new CaseQueries(deps.db);
  const types: TypeInfo = {
    label: (id) => deps.cases.typeLabel(id),
    fieldLabels: (id) => deps.cases.listTypes().find((t) => t.id === id)?.fields.map((f) => ({ id: f.id, label: f.label })) ?? [],
  };
  const secure = (): boolean => deps.publicUrl().startsWith('https:');
  // __Host- needs Secure; over plain http (local mode) the plain name is used.
  const cookieName = (): string => (secure() ? '__Host-cc_support' : 'cc_support');

  const wrap =
    (handler: Handler): Handler =>
    async (req, res) => {
      try {
        await handler(req, res);
      } catch (err) {
        if (res.headersSent) {
          res.end();
          return;
        }
        sendError(res, toHttpError(err, deps.logger));
      }
    };

  /** The signed-in staff member: 401 without a live session, 403 when no longer staff or a POST lacks the CSRF token. */
  async function authenticate(req: IncomingMessage, opts: { csrf: boolean }): Promise<Authed> {
    const session = await deps.sessions.find(readCookie(req, cookieName()));
    if (!session) throw new HttpError(401, 'Please sign in to the support desk first.');
    const staff = deps.staff.find(session.email);
    if (!staff) throw new HttpError(403, 'This account is not (or no longer) support staff.');
    if (opts.csrf && req.headers[CSRF_HEADER] !== session.csrf) {
      throw new HttpError(403, `The request lacks the desk's ${CSRF_HEADER} header; reload the page and try again.`);
    }
    return { staff, session };
  }

  async function startSession(res: ServerResponse, staff: StaffMember, via: StaffSession['via']): Promise<void> {
    const { token, session } = await deps.sessions.create(staff.email, via);
    const cookie = sessionCookie(cookieName(), token, { secure: secure(), maxAgeSeconds: deps.sessionHours * 3600 });
    sendJson(res, 200, me(staff, session), { 'Set-Cookie': cookie });
  }

  const me = (staff: StaffMember, session: StaffSession) => ({ email: staff.email, role: staff.role, csrf: session.csrf, expiresAt: session.expiresAt.toISOString(), via: session.via });

  async function caseOr404(number: string): Promise<CaseDoc> {
    const c = await deps.cases.getByNumber(number);
    if (!c) throw new HttpError(404, `No case ${number.slice(0, 40)} was found.`);
    return c;
  }

  async function detail(c: CaseDoc) {
    const stored = await deps.evidence.list(c.number);
    const evidence = await Promise.all(
      c.evidence.map(async (e) => {
        const s = stored.find((x) => x.fileId === e.fileId);
        let entries: Awaited<ReturnType<EvidenceStore['zipEntries']>> = null;
        if (s && (s.kind === 'zip' || s.kind === 'docx' || s.kind === 'xlsx')) entries = await deps.evidence.zipEntries(e.fileId, { caseNumber: c.number }).catch(() => null);
        return {
          id: e.fileId,
          name: e.name,
          size: e.size,
          mime: e.mime,
          kind: s?.kind,
          sha256: e.sha256,
          uploadedBy: e.uploadedBy,
          uploadedAt: e.uploadedAt.toISOString(),
          url: `${API}/cases/${encodeURIComponent(c.number)}/evidence/${encodeURIComponent(e.fileId)}`,
          ...(entries ? { zipEntries: entries.slice(0, 200).map((z) => ({ name: z.name, size: z.size, directory: z.directory })) } : {}),
        };
      }),
    );
    const deliveries = await deps.db
      .collection<{ _id: string; caseNumber: string; kind: string; channel: string; to?: string; status: string; attempts: number; lastError?: string; createdAt: Date; doneAt?: Date }>('notifications')
      .find({ caseNumber: c.number }, { projection: { kind: 1, channel: 1, to: 1, status: 1, attempts: 1, lastError: 1, createdAt: 1, doneAt: 1 } })
      .sort({ createdAt: 1 })
      .limit(300)
      .toArray();
    return {
      ...queueRow(c, types, deps.clock()),
      fields: types.fieldLabels(c.typeId).filter((f) => c.fields[f.id] !== undefined).map((f) => ({ label: f.label, value: String(c.fields[f.id]) })),
      resolution: c.resolution,
      cancelledBy: c.cancelledBy,
      reminders: (c.reminders ?? []).map((r) => ({ party: r.party, hoursBefore: r.hoursBefore, at: r.claimedAt.toISOString() })),
      timeline: c.events.map(timelineEntry),
      evidence,
      notifications: deliveries.map((d) => ({ kind: d.kind, channel: d.channel, status: d.status, attempts: d.attempts, ...(d.lastError ? { error: d.lastError } : {}), at: (d.doneAt ?? d.createdAt).toISOString() })),
      // Expanded here by the bot's own template code (cards/case-detail.json), rendered in the page by adaptivecards.
      cards: {
        complainant: expandCard('case-detail', partyCardData(c, 'complainant', types, deps.platformName)),
        respondent: expandCard('case-detail', partyCardData(c, 'respondent', types, deps.platformName)),
      },
    };
  }

  // ── sign-in ──
  server.post(`${API}/sign-in`, wrap(async (req, res) => {
    const { email } = parseBody(S.signInBody, await readJson(req));
    const staff = deps.staff.find(email);
    const answer = { message: 'If this address belongs to support staff, a sign-in code is on its way to it. It expires in 10 minutes.' };
    // The same answer whether or not the address is staff: the desk tells outsiders nothing.
    if (staff) {
      const issued = await deps.codes.issue(staff.email);
      if (issued === 'rate_limited') throw new HttpError(429, 'Too many codes were sent to this address in the last hour. Please wait and try again.');
      await deps.mailer.sendMail({ to: staff.email, ...renderStaffCodeEmail(deps.platformName, issued.code, issued.minutesValid, `${deps.publicUrl()}/support`) });
    }
    sendJson(res, 202, answer);
  }));

  server.post(`${API}/sign-in/verify`, wrap(async (req, res) => {
    const { email, code } = parseBody(S.verifyBody, await readJson(req));
    const staff = deps.staff.find(email);
    const result = staff ? await deps.codes.check(staff.email, code) : 'no_code';
    if (!staff || result !== 'ok') {
      const message =
        result === 'expired' ? 'The code has expired. Ask for a new one.'
        : result === 'too_many_tries' ? 'Too many wrong codes. Ask for a new one.'
        : 'That code is not right (or no code was sent to this address).';
      throw new HttpError(401, message);
    }
    await startSession(res, staff, 'code');
  }));

  server.post(`${API}/sign-in/teams`, wrap(async (req, res) => {
    const { token } = parseBody(S.teamsBody, await readJson(req));
    let identity;
    try {
      identity = await deps.sso.verify(token);
    } catch (err) {
      if (err instanceof TokenRefused) throw new HttpError(401, err.message);
      throw err;
    }
    const staff = deps.staff.find(identity.email);
    if (!staff) throw new HttpError(403, 'Your Teams account is not support staff of this desk.');
    await startSession(res, staff, 'teams');
  }));

  server.post(`${API}/sign-out`, wrap(async (req, res) => {
    const token = readCookie(req, cookieName());
    await authenticate(req, { csrf: true });
    if (token) await deps.sessions.revoke(token);
    sendJson(res, 200, { message: 'Signed out.' }, { 'Set-Cookie': sessionCookie(cookieName(), '', { secure: secure(), maxAgeSeconds: 0 }) });
  }));

  // For the page's first look: 200 either way, so a signed-out visit logs no failed request.
  server.get(`${API}/session`, wrap(async (req, res) => {
    try {
      const { staff, session } = await authenticate(req, { csrf: false });
      sendJson(res, 200, { signedIn: true, ...me(staff, session), staff: deps.staff.list().map((s) => s.email), sso: deps.sso.enabled });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      sendJson(res, 200, { signedIn: false, sso: deps.sso.enabled, ...(err.status === 403 ? { error: err.message } : {}) });
    }
  }));

  server.get(`${API}/me`, wrap(async (req, res) => {
    const { staff, session } = await authenticate(req, { csrf: false });
    sendJson(res, 200, { ...me(staff, session), staff: deps.staff.list().map((s) => s.email), sso: deps.sso.enabled });
  }));

  // ── cases ──
  server.get(`${API}/cases`, wrap(async (req, res) => {
    await authenticate(req, { csrf: false });
    const query = parseBody(S.queueQuery, Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams));
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && !after) throw new HttpError(400, 'cursor: not a cursor this API gave out.');
    const now = deps.clock();
    const [page, counts] = await Promise.all([queries.page(query, now, query.limit, after), queries.counts()]);
    sendJson(res, 200, {
      cases: page.cases.map((c) => queueRow(c, types, now)),
      nextCursor: page.next ? encodeCursor(page.next) : null,
      counts,
      ...(page.truncated ? { truncated: true } : {}),
      now: now.toISOString(),
    });
  }));

  server.get(`${API}/cases/:number`, wrap(async (req, res) => {
    await authenticate(req, { csrf: false });
    sendJson(res, 200, await detail(await caseOr404(String(req.params.number))));
  }));

  const action = <T extends z.ZodType>(path: string, schema: T, run: (number: string, body: z.infer<T>, actor: string) => Promise<CaseDoc>) => {
    server.post(`${API}/cases/:number/${path}`, wrap(async (req, res) => {
      const { staff } = await authenticate(req, { csrf: true });
      const number = String(req.params.number);
      const body = parseBody(schema, await readJson(req)) as z.infer<T>;
      await caseOr404(number);
      try {
        const updated = await run(number, body, staff.email);
        sendJson(res, 200, await detail(updated));
      } catch (err) {
        const version = (body as { version?: number }).version;
        throw await conflictOr(err, number, version);
      }
    }));
  };

  /** A lost race or a refused action becomes 409 with the case as it is now and the events since `version`. */
  async function conflictOr(err: unknown, number: string, version: number | undefined): Promise<unknown> {
    if (!(err instanceof ConflictError) && !(err instanceof NotAllowedError)) return err;
    const current = (err instanceof ConflictError ? err.current : undefined) ?? (await deps.cases.getByNumber(number));
    if (!current) return err;
    const since = version !== undefined && current.version > version ? current.events.slice(-(current.version - version)) : current.events.slice(-1);
    return new HttpError(409, err.message, { state: current.state, version: current.version, case: queueRow(current, types, deps.clock()), changes: since.map(timelineEntry) });
  }

  action('request-response', S.requestResponseBody, (n, b, actor) =>
    deps.cases.requestResponse(n, b.party, { actorId: actor, ...(b.hours ? { hours: b.hours } : {}), ...(b.message ? { note: b.message } : {}), expectedVersion: b.version }),
  );
  action('extend', S.extendBody, (n, b, actor) => deps.cases.extendDeadline(n, new Date(b.deadline), { actorId: actor, ...(b.note ? { note: b.note } : {}), expectedVersion: b.version }));
  action('close', S.closeBody, (n, b, actor) => deps.cases.close(n, b.resolution, actor, { outcome: b.outcome, expectedVersion: b.version }));
  action('notes', S.noteBody, (n, b, actor) => deps.cases.addNote(n, b.text, actor));
  action('messages', S.messageBody, (n, b, actor) => deps.cases.messageParty(n, b.party, b.text, { actorId: actor, expectedVersion: b.version }));
  action('assign', S.assignBody, (n, b, actor) => {
    if (b.email && !deps.staff.find(b.email)) throw new ValidationError(`${b.email} is not support staff.`, { email: 'Not in SUPPORT_STAFF.' });
    return deps.cases.assign(n, b.email, { actorId: actor, expectedVersion: b.version });
  });

  server.get(`${API}/cases/:number/evidence/:id`, wrap(async (req, res) => {
    await authenticate(req, { csrf: false });
    const number = String(req.params.number);
    const c = await caseOr404(number);
    const id = String(req.params.id);
    if (!c.evidence.some((e) => e.fileId === id)) throw new HttpError(404, 'No such file on this case.');
    const { stream, evidence } = await deps.evidence.open(id, { caseNumber: c.number });
    // Always a download, never rendered by the browser as a page of this origin.
    const ascii = evidence.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    res.writeHead(200, {
      'Content-Type': evidence.mime || 'application/octet-stream',
      'Content-Length': String(evidence.size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(evidence.name)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    });
    stream.on('error', (err) => {
      deps.logger.warn({ err, caseNumber: c.number }, 'evidence download failed');
      res.destroy();
    });
    stream.pipe(res);
  }));

  // ── live updates ──
  server.get(`${API}/events`, wrap(async (req, res) => {
    const { staff } = await authenticate(req, { csrf: false });
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', 'X-Content-Type-Options': 'nosniff' });
    if (deps.live.add(res, staff.email) === 'busy') {
      res.end('event: busy\ndata: {"error":"Too many live connections; close other desk tabs."}\n\n');
    }
  }));
}

function toHttpError(err: unknown, logger: Logger): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof ValidationError) return new HttpError(400, err.message, { fields: err.fields });
  if (err instanceof NotFoundError || err instanceof EvidenceNotFoundError) return new HttpError(404, err.message);
  if (err instanceof ConflictError || err instanceof NotAllowedError) return new HttpError(409, err.message);
  logger.error({ err }, 'support desk request failed');
  return new HttpError(500, 'Something went wrong on the server. Please try again.');
}
