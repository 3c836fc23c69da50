// Production mode: the server trades its Direct Line secret for a short-lived token bound to one
// user id (Azure `POST /v3/directline/tokens/generate`). The secret never leaves the server.

export interface AzureToken {
  conversationId: string;
  token: string;
  expiresIn: number;
}

export class AzureDirectLineError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export async function generateAzureToken(options: {
  endpoint: string;
  secret: string;
  userId: string;
  timeoutMs?: number;
}): Promise<AzureToken> {
  let response: Response;
  try {
    response = await fetch(`${options.endpoint}/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: options.userId } }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new AzureDirectLineError(`Direct Line is not reachable: ${(err as Error).message}`);
  }
  if (!response.ok) throw new AzureDirectLineError(`Direct Line refused the token request (HTTP ${response.status})`, response.status);
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const { conversationId, token } = body ?? {};
  const expiresIn = body?.expires_in;
  if (typeof conversationId !== 'string' || typeof token !== 'string') {
    throw new AzureDirectLineError('Direct Line answered the token request without a token');
  }
  return { conversationId, token, expiresIn: typeof expiresIn === 'number' ? expiresIn : 1800 };
}
