// Some channels serve attachments only with the bot's own bearer token (Teams inline images, Bot
// Framework channel attachment URLs). The token goes only to the hosts Microsoft documents for them,
// over https on the default port, never to an address a user could choose: not any *.trafficmanager.net
// (anyone can register a name there), only the Teams service's own. Teams file-download links are
// pre-authorised and get none.
import type { TurnContext } from 'botbuilder';

/** Exact hosts: the Teams Bot Connector service (public cloud, GCC, GCC High, DoD). */
const TOKEN_HOSTS = new Set([
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
]);
/** Microsoft's own domains: Bot Framework channels and Teams' inline image store (*.asm.skype.com). */
const TOKEN_DOMAINS = [/\.botframework\.com$/i, /\.botframework\.azure\.us$/i, /\.asm\.skype\.com$/i];

export function wantsBotToken(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.port !== '' || u.username || u.password) return false;
    const host = u.hostname.toLowerCase();
    return TOKEN_HOSTS.has(host) || TOKEN_DOMAINS.some((re) => re.test(host));
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
