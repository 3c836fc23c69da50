// GET /healthz: the process is alive. GET /readyz: the database answers, so traffic can come.
import type { Db } from 'mongodb';
import { pingDatabase } from '../store/connect.js';
import type { HttpServer, ServerGate } from './http-server.js';

export interface HealthDeps {
  db: Db;
  gate: ServerGate;
  pingTimeoutMs?: number;
}

export function registerHealthRoutes(server: HttpServer, deps: HealthDeps): void {
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  server.get('/readyz', async (_req, res) => {
    if (deps.gate.stopping) {
      res.send(503, { status: 'stopping' });
      return;
    }
    const dbUp = await pingDatabase(deps.db, deps.pingTimeoutMs ?? 2000);
    res.send(dbUp ? 200 : 503, { status: dbUp ? 'ready' : 'not ready', database: dbUp ? 'ok' : 'unreachable' });
  });
}
