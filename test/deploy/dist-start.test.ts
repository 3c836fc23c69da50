// `npm run build` output started the way containers start it: `node dist/main.js` in production mode
// with fake Microsoft credentials and MONGODB_URI pointing at a database server started on its own
// (the embedded one, or the real MongoDB given in MONGODB_URI).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { SignJWT, generateKeyPair } from 'jose';
import { buildDist } from '../../scripts/build.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { productionEnv, runServer, type RunningServer } from './support/run-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP_ID = '00000000-0000-4000-8000-000000000001';

const activity = {
  type: 'message',
  id: 'forged-1',
  text: 'hello',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: 'user-1' },
  recipient: { id: `28:${APP_ID}` },
  conversation: { id: 'conv-1' },
};

async function forgedTokens(): Promise<Record<string, string>> {
  const { privateKey } = await generateKeyPair('RS256');
  const claims = { serviceurl: activity.serviceUrl };
  const now = Math.floor(Date.now() / 1000);
  const rs256 = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'not-a-microsoft-key' })
    .setIssuer('https://api.botframework.com')
    .setAudience(APP_ID)
    .setIssuedAt(now)
    .setNotBefore(now - 60)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  const hs256 = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://api.botframework.com')
    .setAudience(APP_ID)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode('guessed-secret-guessed-secret-32'));
  const [head, payload] = rs256.split('.');
  return {
    'RS256 with an unknown key': rs256,
    'HS256 with a guessed secret': hs256,
    'a valid token with its signature cut off': `${head}.${payload}.`,
    'not a JWT at all': 'abc.def',
  };
}

describe('deploy: node dist/main.js in production mode', function () {
  this.timeout(120_000);
  let mongo: EmbeddedMongo | undefined;
  let server: RunningServer;
  let cwd: string;
  let out: string;

  before(async () => {
    out = mkdtempSync(join(ROOT, 'test-artifacts-dist-'));
    const built = await buildDist(ROOT, out);
    console.log(`      build: ${built.files} files in ${built.ms} ms`);
    let uri = process.env.MONGODB_URI;
    if (!uri) {
      mongo = await startEmbeddedMongo({ port: 0 });
      uri = mongo.uri;
    }
    // An empty working directory: no .env of the developer's is read, DATA_DIR stays inside it.
    cwd = mkdtempSync(join(tmpdir(), 'cc-dist-run-'));
    server = await runServer(process.execPath, [join(out, 'main.js')], { cwd, env: productionEnv(uri) });
    console.log(`      cold start (spawn to /healthz 200): ${server.coldStartMs} ms on Node ${process.version}`);
  });

  after(async () => {
    await server?.stop();
    await mongo?.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz (database reachable)', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).to.equal(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.include({ status: 'ready' });
  });

  it('refuses an unauthenticated activity with 401 and a fixed message', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(res.status).to.equal(401);
    expect(await res.json()).to.deep.equal({ code: 'Unauthorized', message: 'The request is not authorized' });
  });

  it('refuses forged tokens with 401 and the same fixed message, never the verifier\'s error text', async () => {
    for (const [name, token] of Object.entries(await forgedTokens())) {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(activity),
      });
      expect(res.status, name).to.equal(401);
      expect(await res.json(), name).to.deep.equal({ code: 'Unauthorized', message: 'The request is not authorized' });
    }
  });

  it('answers 400 to a body that is not an activity ({} or an array), with a fixed message', async () => {
    for (const body of ['{}', '[]', '{"type":""}', '"message"']) {
      const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).to.equal(400);
      expect(await res.json(), body).to.deep.equal({ code: 'BadRequest', message: 'The body must be a JSON Bot Framework activity with a type' });
    }
  });

  it('answers 400 to a body that is not JSON, without the parser\'s error text', async () => {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(res.status).to.equal(400);
    expect(await res.json()).to.deep.equal({ code: 'InvalidContent', message: 'The body is not valid JSON' });
  });

  it('serves no local Direct Line endpoint', async () => {
    for (const [method, path] of [['POST', '/v3/directline/conversations'], ['POST', '/v3/directline/tokens/generate'], ['GET', '/v3/directline/conversations/x/activities']]) {
      const res = await fetch(`${server.url}${path}`, { method });
      expect(res.status, path).to.equal(404);
    }
  });

  it('stops on SIGTERM with exit code 0', async () => {
    expect(await server.stop()).to.equal(0);
    expect(server.output()).to.contain('"msg":"stopped"');
  });
});
