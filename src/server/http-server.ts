// The restify server shared by every route module. No body parser is installed globally:
// each route picks its own (JSON with a size limit for /api/messages; uploads, static files
// and the WebSocket upgrade of the Direct Line endpoint need the raw request).
import restify from 'restify';
import { loggedPath } from '../log/logged-path.js';
import type { Logger } from '../log/logger.js';
import './restify-compat.js';
import { installUpgradeGuard, type UpgradeGuard } from './upgrade-guard.js';

export type HttpServer = restify.Server;

/** Whether the app is shutting down; new requests get 503 while it is. */
export interface ServerGate {
  stopping: boolean;
}

const QUIET_PATHS = new Set(['/healthz', '/readyz']);

const upgradeGuards = new WeakMap<HttpServer, UpgradeGuard>();

/** Lets WebSocket upgrades under `prefix` reach the part listening for them; all others are refused. */
export function acceptUpgrades(server: HttpServer, prefix: string): void {
  upgradeGuards.get(server)?.accept(prefix);
}

export function createHttpServer(options: { logger: Logger; gate: ServerGate; upgradeTimeoutMs?: number }): HttpServer {
  const { logger, gate } = options;
  const server = restify.createServer({
    name: 'complaint-center-bot',
    // restify's own logger type is bunyan's; pino is call-compatible for what restify logs.
    log: logger.child({ component: 'restify' }) as unknown as restify.ServerOptions['log'],
    handleUncaughtExceptions: false,
  });

  server.pre((req, res, next) => {
    if (gate.stopping) {
      res.header('Connection', 'close');
      res.send(503, { status: 'stopping' });
      return next(false);
    }
    return next();
  });

  // One log line per request. The path only: query strings may carry tokens.
  server.on('after', (req: restify.Request, res: restify.Response) => {
    const path = req.path();
    const entry = { method: req.method, path: loggedPath(path), status: res.statusCode, ms: Math.round(Date.now() - req.time()) };
    if (QUIET_PATHS.has(path)) logger.debug(entry, 'request');
    else logger.info(entry, 'request');
  });

  // Server errors are logged here and answered without their internals.
  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 500 && err instanceof Error) {
      logger.error({ err, method: req.method, path: loggedPath(req.path()) }, 'request failed');
      // restify sends an Error with a numeric statusCode as it is, serialised through toJSON.
      Object.assign(err, { statusCode: status, toJSON: () => ({ code: 'InternalServerError', message: 'Internal server error' }) });
    }
    // The JSON parser's message quotes the parser's own error text ("Unexpected token ... at position").
    if (status === 400 && err.name === 'InvalidContentError') {
      Object.assign(err, { toJSON: () => ({ code: 'InvalidContent', message: 'The body is not valid JSON' }) });
    }
    return callback();
  });

  upgradeGuards.set(
    server,
    installUpgradeGuard(server.server, {
      pendingTimeoutMs: options.upgradeTimeoutMs,
      onRefused: ({ path, status }) => logger.debug({ path: loggedPath(path), status }, 'upgrade refused'),
    }),
  );
  return server;
}
