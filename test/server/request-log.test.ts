// The request log line: the path only, and never a web chat upload's key or file name (the URL is the
// permission to download the file).
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createLogger } from '../../src/log/logger.js';
import { loggedPath } from '../../src/log/logged-path.js';
import { createHttpServer } from '../../src/server/http-server.js';

describe('server: request log', () => {
  it('leaves out the upload key and file name, and query strings', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const server = createHttpServer({ logger: createLogger('info', sink), gate: { stopping: false } });
    server.get('/v3/directline/attachments/:key/:name', async (_req, res) => {
      res.send(200, 'ok');
    });
    server.get('/v3/directline/conversations/:id/activities', async (_req, res) => {
      res.send(200, 'ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const key = 'K'.repeat(43);
      await (await fetch(`${base}/v3/directline/attachments/${key}/ann%20smith%20passport.pdf`)).text();
      await (await fetch(`${base}/v3/directline/conversations/dl-x/activities?t=secret-token`)).text();
      const out = lines.join('');
      expect(out).to.include('"path":"/v3/directline/attachments/[redacted]"');
      expect(out).to.not.include(key).and.not.include('passport');
      expect(out).to.include('"path":"/v3/directline/conversations/dl-x/activities"').and.not.include('secret-token');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('loggedPath keeps other paths as they are', () => {
    for (const p of ['/api/messages', '/v3/directline/conversations', '/', '/v3/directline/attachments/']) expect(loggedPath(p)).to.equal(p);
  });
});
