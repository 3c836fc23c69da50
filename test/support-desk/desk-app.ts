// The real app with the support desk on a random port, emails in a temporary outbox, plus helpers to
// file a case through the services, sign staff in with the code from the outbox, and call the API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import { createApp, type App } from '../../src/app.js';
import type { CaseDoc } from '../../src/cases/types.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { testClient, testDb } from '../support/db.js';
import { MailOutbox } from '../e2e/support/mail-outbox.js';

export interface DeskApp {
  app: App;
  url: string;
  outbox: MailOutbox;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startDeskApp(env: Record<string, string> = {}, shared?: { db: Db; dataDir: string }): Promise<DeskApp> {
  const dataDir = shared?.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'cc-desk-')));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SHUTDOWN_TIMEOUT_SECONDS: '3',
    PLATFORM_NAME: 'Desk Market',
    SUPPORT_STAFF: 'ann@example.com:lead,bo@example.com',
    SUPPORT_EMAIL: 'support@example.com',
    ...env,
  });
  const db = shared?.db ?? (await testDb('desk'));
  const app = await createApp(config, { logger: silentLogger, database: { client: await testClient(), db } });
  await app.start();
  return {
    app,
    url: app.url!,
    outbox: new MailOutbox(path.join(dataDir, 'outbox')),
    dataDir,
    async stop() {
      await app.stop();
      if (!shared) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let seq = 0;

/** A verified buyer files a case against `respondentEmail` through the services (as the bot does). */
export async function fileCase(desk: DeskApp, opts: { buyer?: string; respondentEmail?: string; company?: string } = {}): Promise<CaseDoc> {
  const { members, cases } = desk.app.services;
  seq += 1;
  const email = opts.buyer ?? `buyer${seq}@example.org`;
  const m = await members.findOrCreateByAccount({ channelId: 'test', userId: `buyer-${seq}-${Date.now()}`, name: 'Ann Buyer' });
  await members.startEmailVerification(m, email);
  const code = await desk.outbox.verificationCode(email);
  const r = await members.confirmEmailVerification(m, code);
  if (r.status !== 'ok') throw new Error(`verification failed: ${r.status}`);
  return cases.fileCase(r.member, {
    typeId: 'other',
    fields: { subject: 'Copied photos', description: 'They copied our product photos.' },
    respondent: { company: opts.company ?? 'Copy Co', email: opts.respondentEmail ?? `seller${seq}@example.org` },
    idempotencyKey: `k-${seq}`,
    complainant: { company: 'Buyer GmbH' },
  });
}

export interface StaffClient {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function staffClient(url: string, cookie: string, csrf: string): StaffClient {
  return {
    cookie,
    csrf,
    get: (p) => fetch(`${url}${p}`, { headers: { Cookie: cookie } }),
    post: (p, body, headers = {}) =>
      fetch(`${url}${p}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, ...headers }, body: JSON.stringify(body) }),
  };
}

/** Signs `email` in with the code from the outbox; returns a client carrying the session cookie. */
export async function signIn(desk: DeskApp, email: string): Promise<StaffClient & { setCookie: string }> {
  const start = await fetch(`${desk.url}/api/support/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) });
  if (start.status !== 202) throw new Error(`sign-in answered ${start.status} ${await start.text()}`);
  const code = await desk.outbox.verificationCode(email);
  const res = await fetch(`${desk.url}/api/support/sign-in/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, code }) });
  if (res.status !== 200) throw new Error(`verify answered ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const body = (await res.json()) as { csrf: string };
  return { ...staffClient(desk.url, setCookie.split(';')[0]!, body.csrf), setCookie };
}
