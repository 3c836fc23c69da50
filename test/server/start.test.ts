// `npm start` as a user runs it: a real process, configured through the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { HELP_TITLE, MENU_TITLE } from '../../src/bot/texts.js';
import { cardTitle, channelActivity, postToBot, startConnector, type Connector } from '../support/connector.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Started {
  child: ChildProcess;
  /** Resolves with the URL from the "listening at" log line. */
  url: Promise<string>;
  exit: Promise<number | null>;
  output: () => string;
}

function npmStart(env: Record<string, string>): Started {
  // Local mode on the embedded server and its data folder, whatever the shell or a .env file says.
  const local = { MONGODB_URI: '', NODE_ENV: '', MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '', LOG_LEVEL: 'info' };
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ...local, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let resolveUrl!: (url: string) => void;
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  const onData = (chunk: Buffer): void => {
    out += chunk.toString('utf8');
    const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"listening at/.exec(out);
    if (m) resolveUrl(m[1]);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url: Promise.race([url, exit.then((code) => Promise.reject(new Error(`exited ${code}:\n${out}`)))]), exit, output: () => out };
}

describe('npm start', function () {
  this.timeout(90_000);
  let connector: Connector;
  let dataDir: string;
  const running: ChildProcess[] = [];

  before(async () => {
    connector = await startConnector();
    dataDir = mkdtempSync(path.join(tmpdir(), 'cc-start-'));
  });
  after(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await connector?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero with one line naming PORT when PORT=abc', async () => {
    const run = npmStart({ PORT: 'abc' });
    running.push(run.child);
    expect(await run.exit).to.not.equal(0);
    const lines = run.output().split('\n').filter((l) => l.includes('PORT'));
    expect(lines).to.deep.equal(['Invalid configuration: PORT: must be a whole number from 0 to 65535 (got "abc")']);
  });

  it('serves /healthz within 20 s, keeps conversation state across a restart, and stops on SIGTERM', async () => {
    const env = { PORT: '0', DATA_DIR: dataDir };
    const conversationId = `restart-${Date.now()}`;
    const join = { type: 'conversationUpdate', membersAdded: [{ id: 'user-1' }] };

    const t0 = Date.now();
    const first = npmStart(env);
    running.push(first.child);
    const url = await first.url;
    expect((await fetch(`${url}/healthz`)).status).to.equal(200);
    const startupMs = Date.now() - t0;
    expect(startupMs).to.be.below(20_000);
    expect((await fetch(`${url}/readyz`)).status).to.equal(200);
    expect(first.output()).to.match(/embedded MongoDB-compatible server listening at mongodb:\/\/127\.0\.0\.1:\d+/);

    expect(await postToBot(url, channelActivity(connector, conversationId, join))).to.equal(200);
    await connector.waitFor((r) => r.conversationId === conversationId && Boolean(r.activity.attachments?.length));
    expect(first.output()).to.contain(`Complaint Center bot: open ${url}/\n`);

    first.child.kill('SIGTERM');
    expect(await first.exit).to.equal(0);
    expect(first.output()).to.contain('"msg":"stopped"');

    const second = npmStart(env);
    running.push(second.child);
    const url2 = await second.url;
    // Same member joins again: state from the first run says it was welcomed already.
    expect(await postToBot(url2, channelActivity(connector, conversationId, join))).to.equal(200);
    expect(await postToBot(url2, channelActivity(connector, conversationId, { type: 'message', text: 'help' }))).to.equal(200);
    await connector.waitFor((r) => r.conversationId === conversationId && cardTitle(r.activity) === HELP_TITLE);
    const menus = connector.received.filter((r) => r.conversationId === conversationId && cardTitle(r.activity) === MENU_TITLE);
    expect(menus).to.have.length(1);

    second.child.kill('SIGTERM');
    expect(await second.exit).to.equal(0);
  });
});
