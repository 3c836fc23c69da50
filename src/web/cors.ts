// CORS for pages on another origin (the marketplace site embedding the widget). Web Chat sends
// Authorization, Content-Type, x-ms-bot-agent and x-requested-with; tokens travel in headers,
// never cookies, so any origin may call and credentials are never allowed.
import type { Next, Request, Response, Server } from 'restify';

export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, x-ms-bot-agent, x-requested-with';

export function registerCors(server: Server, pathPrefixes: string[]): void {
  server.pre((req: Request, res: Response, next: Next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!pathPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return next();
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Max-Age', '600');
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return next(false);
    }
    return next();
  });
}
