// Teams tab sign-on: Entra ID tokens signed locally, their keys served by a local JWKS server over HTTP;
// only a well-formed token from an allowed tenant for this app with the access_as_user scope passes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { EntraTokenVerifier, TokenRefused } from '../../src/support/entra-token.js';
import { startDeskApp } from './desk-app.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const APP_ID = '99999999-8888-7777-6666-555555555555';
const HOST = 'desk.example.com';
const ISSUER = (t: string) => `https://login.microsoftonline.com/${t}/v2.0`;

describe('support desk: Entra ID token validation (Teams SSO)', () => {
  let server: Server;
  let jwksUrl: string;
  let key: CryptoKey;
  let otherKey: CryptoKey;
  let verifier: EntraTokenVerifier;

  before(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    // The public half of `key`, published as the tenant's signing key.
    const publicKey: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [publicKey] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
    verifier = new EntraTokenVerifier({ tenants: [TENANT], appId: APP_ID, host: HOST, jwksUrl, issuerTemplate: 'https://login.microsoftonline.com/{tenant}/v2.0' });
  });
  after(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  function token(over: { iss?: string; aud?: string; scp?: string; tid?: string; exp?: string | number; key?: CryptoKey; kid?: string; email?: string } = {}): Promise<string> {
    return new SignJWT({ scp: over.scp ?? 'access_as_user', tid: over.tid ?? TENANT, preferred_username: over.email ?? 'Ann@Example.com', oid: 'o1' })
      .setProtectedHeader({ alg: 'RS256', kid: over.kid ?? 'k1' })
      .setIssuer(over.iss ?? ISSUER(TENANT))
      .setAudience(over.aud ?? `api://${HOST}/${APP_ID}`)
      .setIssuedAt()
      .setExpirationTime(over.exp ?? '1h')
      .sign(over.key ?? key);
  }

  async function refused(t: string): Promise<string> {
    try {
      await verifier.verify(t);
    } catch (err) {
      expect(err).to.be.instanceOf(TokenRefused);
      return (err as Error).message;
    }
    throw new Error('the token was accepted');
  }

  it('accepts a valid token (audience api://<host>/<app id> or the app id) and maps it to the email', async () => {
    expect(await verifier.verify(await token())).to.deep.equal({ email: 'ann@example.com', tenant: TENANT, objectId: 'o1' });
    expect((await verifier.verify(await token({ aud: APP_ID }))).email).to.equal('ann@example.com');
  });

  it('refuses forged (another key), expired, wrong-audience, wrong-issuer, foreign-tenant and scope-less tokens', async () => {
    expect(await refused(await token({ key: otherKey }))).to.match(/refused/);
    expect(await refused(await token({ exp: Math.floor(Date.now() / 1000) - 3600 }))).to.match(/expired/);
    expect(await refused(await token({ aud: 'api://evil.example/other-app' }))).to.match(/aud/);
    expect(await refused(await token({ iss: 'https://evil.example/v2.0' }))).to.match(/iss/);
    expect(await refused(await token({ iss: ISSUER('00000000-0000-0000-0000-000000000000'), tid: '00000000-0000-0000-0000-000000000000' }))).to.match(/iss|organisation/);
    expect(await refused(await token({ scp: 'User.Read' }))).to.match(/access_as_user/);
  });

  it('refuses alg=none and an HS256 token signed with the public key', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { iss: ISSUER(TENANT), aud: APP_ID, tid: TENANT, scp: 'access_as_user', preferred_username: 'ann@example.com', exp: Math.floor(Date.now() / 1000) + 3600 };
    expect(await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`)).to.match(/refused/);
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('a-shared-secret-someone-guessed!'));
    expect(await refused(hs)).to.match(/refused/);
  });

  it('is off without tenants or an app id', async () => {
    const off = new EntraTokenVerifier({ tenants: [], appId: APP_ID, host: HOST, jwksUrl, issuerTemplate: '{tenant}' });
    expect(off.enabled).to.equal(false);
    try {
      await off.verify(await token());
      throw new Error('accepted');
    } catch (err) {
      expect((err as Error).message).to.match(/not configured/);
    }
  });

  it('the tab signs staff in over HTTP: a Secure __Host- cookie with an https PUBLIC_URL; 403 for a non-staff account, 401 for a forged token', async () => {
    const desk = await startDeskApp({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'test-only-password',
      MicrosoftAppTenantId: TENANT,
      HOST: '127.0.0.1',
      PUBLIC_URL: `https://${HOST}`,
      SUPPORT_SSO_TENANTS: TENANT,
      SUPPORT_SSO_JWKS_URL: jwksUrl,
    });
    try {
      const post = (t: string) => fetch(`${desk.url}/api/support/sign-in/teams`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: t }) });
      const ok = await post(await token());
      expect(ok.status).to.equal(200);
      expect(ok.headers.get('set-cookie')).to.match(/^__Host-cc_support=/).and.contain('Secure').and.contain('HttpOnly').and.contain('SameSite=Strict');
      expect(await ok.json()).to.include({ email: 'ann@example.com', via: 'teams' });
      expect((await post(await token({ email: 'eve@example.com' }))).status).to.equal(403);
      expect((await post(await token({ key: otherKey }))).status).to.equal(401);
    } finally {
      await desk.stop();
    }
  });
});
