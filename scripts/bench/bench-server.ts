// One server of `npm run bench:compare`, in a process of its own (as `npm start` runs): `echo` is the bare
// echo bot, `app` the Complaint Center app on the embedded database in a data folder (what `npm start`
// does without MONGODB_URI, or on MONGODB_URI when set). It prints one JSON line {"url"} when listening,
// then answers the parent over IPC:
//   {op:'sample'}        -> {cpuUs, commands, byName}: CPU time of this process and database commands so far
//   {op:'fileCase', i}   -> {ms, commands}: a member confirms an email and files a case through app.services
//   {op:'stop'}          -> stops and exits
// Database commands are counted with the driver's command monitoring (monitorCommands, 'commandStarted').
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startEchoBot, type EchoBot } from './echo-bot.js';
import { verificationCodeFromOutbox } from './outbox-code.js';

export type BenchCall = { op: 'sample' } | { op: 'fileCase'; index: number } | { op: 'stop' };
export type BenchRequest = BenchCall & { id: number };
export interface Sample {
  cpuUs: number;
  commands: number;
  byName: Record<string, number>;
}
export interface FiledCase {
  ms: number;
  commands: number;
  byName: Record<string, number>;
}

const mode = process.argv[2];
const dataDir = process.argv[3] ?? '';
let commands = 0;
const byName: Record<string, number> = {};

async function startApp(): Promise<{ url: string; app: App; close(): Promise<void> }> {
  const uri = process.env.MONGODB_URI?.trim() || undefined;
  const dbName = process.env.MONGODB_DB ?? 'bench';
  let embedded: { uri: string; close(): Promise<void> } | undefined;
  if (!uri) {
    const { startEmbeddedMongo } = await import('../../src/embedded-mongo/index.js');
    embedded = await startEmbeddedMongo({ port: 0, dataDir: path.join(dataDir, 'db') });
  }
  const client = new MongoClient(uri ?? embedded!.uri, { appName: 'complaint-center-bot', monitorCommands: true });
  client.on('commandStarted', (e) => {
    commands += 1;
    byName[e.commandName] = (byName[e.commandName] ?? 0) + 1;
  });
  await client.connect();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, MONGODB_DB: dbName, SHUTDOWN_TIMEOUT_SECONDS: '10' });
  const { createApp } = await import('../../src/app.js');
  const app = await createApp(config, { logger: silentLogger, database: { client, db: client.db(dbName) } });
  const { url } = await app.start();
  return {
    url,
    app,
    async close() {
      await app.stop();
      if (uri) await client.db(dbName).dropDatabase().catch(() => undefined);
      await client.close();
      await embedded?.close();
    },
  };
}

async function fileCase(app: App, index: number): Promise<FiledCase> {
  const { members, cases } = app.services;
  const email = `bench-${process.pid}-${index}@example.com`;
  const member = await members.findOrCreateByAccount({ channelId: 'bench', userId: `bench-filer-${index}` });
  await members.startEmailVerification(member, email);
  const code = await verificationCodeFromOutbox(path.join(dataDir, 'outbox'), email);
  const confirmed = await members.confirmEmailVerification(member, code);
  if (confirmed.status !== 'ok') throw new Error(`email confirmation answered ${confirmed.status}`);
  const before = commands;
  const names = { ...byName };
  const t0 = performance.now();
  await cases.fileCase(confirmed.member, {
    typeId: 'other_trade_dispute',
    fields: { orderNumber: `PO-${index}`, amountInDispute: '1250.00 USD', description: 'The supplier shipped late and refuses the agreed refund for the missing units.' },
    respondent: { company: `Supplier ${index} Ltd`, email: `supplier-${process.pid}-${index}@example.com` },
    idempotencyKey: `bench-${process.pid}-${index}`,
    orderedOnPartnerSite: false,
  });
  const ms = performance.now() - t0;
  const diff: Record<string, number> = {};
  for (const [k, v] of Object.entries(byName)) if (v !== (names[k] ?? 0)) diff[k] = v - (names[k] ?? 0);
  return { ms, commands: commands - before, byName: diff };
}

async function main(): Promise<void> {
  let server: EchoBot | Awaited<ReturnType<typeof startApp>>;
  if (mode === 'echo') server = await startEchoBot(silentLogger);
  else if (mode === 'app') server = await startApp();
  else throw new Error(`usage: bench-server.ts echo|app DATA_DIR (got ${mode})`);
  process.on('message', (raw: BenchRequest) => {
    void (async () => {
      try {
        if (raw.op === 'sample') {
          const cpu = process.cpuUsage();
          process.send?.({ id: raw.id, ok: true, value: { cpuUs: cpu.user + cpu.system, commands, byName: { ...byName } } satisfies Sample });
        } else if (raw.op === 'fileCase') {
          if (!('app' in server)) throw new Error('the echo bot files no cases');
          process.send?.({ id: raw.id, ok: true, value: await fileCase(server.app, raw.index) });
        } else if (raw.op === 'stop') {
          await server.close();
          process.send?.({ id: raw.id, ok: true, value: null }, () => process.exit(0));
        }
      } catch (err) {
        process.send?.({ id: raw.id, ok: false, error: (err as Error).stack ?? String(err) });
      }
    })();
  });
  // The parent went away: nothing will stop this server otherwise.
  process.on('disconnect', () => process.exit(0));
  console.log(JSON.stringify({ url: server.url }));
}

main().catch((err: unknown) => {
  console.error(`bench-server ${mode}: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
