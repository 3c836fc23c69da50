// Upgrade requests nobody takes are answered and closed at once (they used to hold their socket
// forever), and an accepted path cannot keep one waiting unanswered past the guard's bound.
import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { expect } from 'chai';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { acceptUpgrades, createHttpServer } from '../../src/server/http-server.js';
import { testClient, testDb } from '../support/db.js';

const openFiles = (): number => readdirSync('/proc/self/fd').length;

/** Sends one WebSocket upgrade request; resolves with the status line (or '' if closed unanswered) once the server closed it. */
function upgrade(port: number, path: string, giveUpMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close within ${giveUpMs} ms for ${path}`));
    }, giveUpMs);
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received.split('\r\n')[0] ?? '');
    });
  });
}

async function flood(port: number, paths: string[], total: number): Promise<string[]> {
  const statuses = new Set<string>();
  const batch = 100;
  for (let sent = 0; sent < total; sent += batch) {
    const answers = await Promise.all(Array.from({ length: batch }, (_, i) => upgrade(port, paths[(sent + i) % paths.length]!)));
    for (const a of answers) statuses.add(a);
  }
  return [...statuses];
}

async function settledOpenFiles(atMost: number): Promise<number> {
  // Closed sockets leave the table on the next turns of the event loop.
  let count = openFiles();
  for (let i = 0; i < 50 && count > atMost; i++) {
    await new Promise((r) => setTimeout(r, 20));
    count = openFiles();
  }
  return count;
}

const connections = (app: App): Promise<number> =>
  new Promise((resolve, reject) => app.server.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

const MODES: Array<[string, Record<string, string>]> = [
  ['local mode', {}],
  [
    'production mode',
    {
      NODE_ENV: 'production',
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'app-secret',
      MicrosoftAppTenantId: 'tenant-id',
      // Only to pass the production rules: the test hands the app its database.
      MONGODB_URI: 'mongodb://unused.invalid',
      PUBLIC_URL: 'https://complaints.example.com',
      DIRECT_LINE_SECRET: 'fake-direct-line-secret',
    },
  ],
];

describe('server: upgrade requests', function () {
  this.timeout(120_000);

  for (const [mode, env] of MODES) {
    describe(mode, () => {
      let app: App;
      let port: number;
      before(async () => {
        const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_SECONDS: '5', ...env });
        app = await createApp(config, { logger: silentLogger, database: { client: await testClient(), db: await testDb('upgrade') } });
        await app.start();
        port = (app.server.server.address() as AddressInfo).port;
      });
      after(async () => {
        await app?.stop();
      });

      it('answers 2,000 upgrades to paths nobody upgrades with 400 and closes them: open files stay where they were, /healthz answers', async () => {
        // Warm up: the database pool and the first request's resources exist before counting.
        await fetch(`${app.url}/healthz`).then((r) => r.text());
        const before = openFiles();
        const connectionsBefore = await connections(app);
        const statuses = await flood(port, ['/healthz', '/api/messages', '/', '/nowhere'], 2000);
        expect(statuses).to.deep.equal(['HTTP/1.1 400 Bad Request']);
        // The server's own sockets return exactly to their number; the process's file count too, but
        // for what the database driver's pool and background timers may open meanwhile (a leak is 2,000).
        expect(await connections(app)).to.equal(connectionsBefore);
        expect(await settledOpenFiles(before)).to.be.at.most(before + 5);
        const health = await fetch(`${app.url}/healthz`);
        expect(health.status).to.equal(200);
      });
    });
  }

  it('closes an upgrade that the part accepting its path leaves unanswered, after the bound', async () => {
    const server = createHttpServer({ logger: silentLogger, gate: { stopping: false }, upgradeTimeoutMs: 300 });
    acceptUpgrades(server, '/ws/');
    // A part that takes the path but never answers (a stalled authentication, a bug).
    server.server.on('upgrade', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.server.address() as AddressInfo;
      const started = Date.now();
      expect(await upgrade(port, '/ws/stream', 3000)).to.equal('HTTP/1.1 408 Request Timeout');
      expect(Date.now() - started).to.be.at.least(250);
      expect(await upgrade(port, '/other', 3000)).to.equal('HTTP/1.1 400 Bad Request');
    } finally {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
