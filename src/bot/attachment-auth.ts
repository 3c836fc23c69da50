// Some channels serve attachments only with the bot's own bearer token (Teams inline images, Bot
// Framework channel attachment URLs). The token goes only to those Microsoft hosts over https, never to
// an address a user could choose; Teams file-download links are pre-authorised and get none.
import type { TurnContext } from 'botbuilder';

const TOKEN_HOSTS = [/(^|\.)botframework\.com$/i, /(^|\.)trafficmanager\.net$/i, /(^|\.)botframework\.azure\.us$/i];

export function wantsBotToken(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && TOKEN_HOSTS.some((re) => re.test(u.hostname));
  } catch {
    return false;
  }
}

interface TokenSource {
  getToken(forceRefresh?: boolean): Promise<string>;
}

/** The Authorization header for an attachment URL, from the turn's connector client; undefined when not needed or unavailable. */
export async function botTokenHeaders(ctx: TurnContext, url: string): Promise<Record<string, string> | undefined> {
  if (!wantsBotToken(url)) return undefined;
  const client = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as { credentials?: Partial<TokenSource> } | undefined;
  const getToken = client?.credentials?.getToken;
  if (typeof getToken !== 'function') return undefined;
  const token = await getToken.call(client!.credentials);
  return token ? { Authorization: `Bearer ${token}` } : undefined;
}
