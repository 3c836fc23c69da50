// Teams tab single sign-on: the Entra ID access token that teams-js getAuthToken() gives the page, checked
// with jose — signature against the tenant's published keys (JWKS, RS256 only, so alg=none or an HMAC
// token signed with a public key never pass), issuer of an allowed tenant, audience this app, expiry,
// and the scope the tab asks for. The staff member is then found by the token's email / UPN.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

export interface EntraSettings {
  /** Allowed tenant ids; empty = SSO off. */
  tenants: string[];
  /** MicrosoftAppId: the token audience is it or api://<host>/<it>. */
  appId?: string;
  /** The public host of this server (for the api://<host>/<app id> audience). */
  host: string;
  jwksUrl: string;
  /** e.g. https://login.microsoftonline.com/{tenant}/v2.0 */
  issuerTemplate: string;
  /** Seconds of clock skew accepted (default 60). */
  clockToleranceSeconds?: number;
}

export const SSO_SCOPE = 'access_as_user';

export class TokenRefused extends Error {
  override readonly name = 'TokenRefused';
}

export interface EntraIdentity {
  email: string;
  tenant: string;
  objectId?: string;
}

export class EntraTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly settings: EntraSettings,
    keys?: JWTVerifyGetKey,
  ) {
    this.keys = keys ?? createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  get enabled(): boolean {
    return this.settings.tenants.length > 0 && Boolean(this.settings.appId);
  }

  audiences(): string[] {
    const id = this.settings.appId ?? '';
    return [id, `api://${this.settings.host}/${id}`];
  }

  /** The identity in a valid token; TokenRefused (message safe to show) otherwise. */
  async verify(token: string, now?: Date): Promise<EntraIdentity> {
    if (!this.enabled) throw new TokenRefused('Teams sign-on is not configured on this server.');
    if (token.length > 8192) throw new TokenRefused('The token is too long.');
    const issuers = this.settings.tenants.map((t) => this.settings.issuerTemplate.replace('{tenant}', t));
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        issuer: issuers,
        audience: this.audiences(),
        clockTolerance: this.settings.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'iss', 'aud'],
        ...(now ? { currentDate: now } : {}),
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenRefused('The Teams token has expired.');
      if (err instanceof errors.JWTClaimValidationFailed) throw new TokenRefused(`The Teams token was refused (${err.claim}).`);
      throw new TokenRefused('The Teams token was refused.');
    }
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(SSO_SCOPE)) throw new TokenRefused(`The Teams token lacks the ${SSO_SCOPE} scope.`);
    const tenant = typeof payload.tid === 'string' ? payload.tid : '';
    if (!this.settings.tenants.includes(tenant)) throw new TokenRefused('The Teams token is from another organisation.');
    const email = [payload.preferred_username, payload.upn, payload.email].find((v): v is string => typeof v === 'string' && v.includes('@'));
    if (!email) throw new TokenRefused('The Teams token names no email address.');
    return { email: email.toLowerCase(), tenant, ...(typeof payload.oid === 'string' ? { objectId: payload.oid } : {}) };
  }
}
