// POST /api/webchat/token: what the page calls before it starts Web Chat. The browser sends the
// user handle it kept in localStorage (if any) and gets a Direct Line token bound to that user,
// so a user's cases follow them across reloads; a missing or forged handle gets a new user.
import type { Server } from 'restify';
import type { Logger } from '../log/logger.js';
import { AzureDirectLineError, generateAzureToken } from './azure-directline.js';
import { HttpError, readJson, sendError, sendJson } from './directline/http.js';
import { newConversationId, newUserId } from './directline/ids.js';
import type { TokenIssuer } from './directline/tokens.js';

export const TOKEN_PATH = '/api/webchat/token';

export type WebChatMode =
  | { kind: 'local' }
  | { kind: 'azure'; endpoint: string; secret: string }
  | { kind: 'off'; reason: string };

export interface WebChatTokenResponse {
  mode: 'local' | 'azure';
  /** Direct Line base URL for Web Chat; a path means this page's own origin. */
  domain: string;
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
  /** Keep this (localStorage) and send it back as `user` next time. */
  userHandle: string;
}

export function registerTokenEndpoint(server: Server, deps: { mode: WebChatMode; tokens: TokenIssuer; logger: Logger }): void {
  const { mode, tokens, logger } = deps;
  server.post(TOKEN_PATH, async (req, res) => {
    try {
      if (mode.kind === 'off') return sendError(res, 503, 'NotConfigured', 'Web chat is not configured on this server');
      const body = await readJson(req, 8 * 1024);
      const handle = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).user : undefined;
      const userId = (await tokens.userIdFromHandle(handle)) ?? newUserId();
      const userHandle = await tokens.issueUserHandle(userId);
      let answer: WebChatTokenResponse;
      if (mode.kind === 'local') {
        const conversationId = newConversationId();
        const issued = await tokens.issueConversationToken(conversationId, userId);
        answer = { mode: 'local', domain: '/v3/directline', conversationId, token: issued.token, expires_in: issued.expiresIn, userId, userHandle };
      } else {
        const azure = await generateAzureToken({ endpoint: mode.endpoint, secret: mode.secret, userId });
        answer = { mode: 'azure', domain: mode.endpoint, conversationId: azure.conversationId, token: azure.token, expires_in: azure.expiresIn, userId, userHandle };
      }
      sendJson(res, 200, answer);
    } catch (err) {
      if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message);
      if (err instanceof AzureDirectLineError) {
        logger.error({ status: err.status, reason: err.message }, 'web chat token exchange failed');
        return sendError(res, 502, 'DirectLineUnavailable', 'The chat service is not available right now');
      }
      logger.error({ err }, 'web chat token endpoint failed');
      sendError(res, 500, 'ServiceError', 'Internal error');
    }
  });
}

