import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEAMS_FILE_DOWNLOAD_INFO, attachmentSource, fetchAttachment } from '../../src/evidence/fetch-attachment.js';
import { gzipSync } from 'node:zlib';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from '../../src/evidence/network-guard.js';
import { pdf } from './fixtures.js';
import { refusedWith } from './refused-with.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// Not res.writeHead(...).end(...): restify, loaded by other test files in the same run,
// patches ServerResponse.writeHead globally and its version does not return the response.
function send(res: ServerResponse, head: [number, Record<string, string>?], body?: Buffer | string): void {
  res.writeHead(head[0], head[1] ?? {});
  res.end(body);
}

describe('fetchAttachment (real HTTP on 127.0.0.1)', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, Handler>();
  let endlessClosed: Promise<void>;

  before(async () => {
    server = createServer((req, res) => {
      const handler = routes.get(req.url ?? '');
      if (handler) handler(req, res);
      else send(res, [404], 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    routes.set('/file.pdf', (req, res) => {
      send(res, [200, { 'content-type': 'application/pdf' }], pdf());
    });
    routes.set('/private.pdf', (req, res) => {
      if (req.headers.authorization !== 'Bearer t0ken') send(res, [401]);
      else send(res, [200], pdf('private'));
    });
    routes.set('/moved', (req, res) => {
      send(res, [302, { location: '/file.pdf' }]);
    });
    routes.set('/declared-big', (req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
      // Never finishes on its own: the client must give up on the header alone.
    });
    endlessClosed = new Promise((resolve) => {
      routes.set('/endless', (req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(16 * 1024, 7);
        const timer = setInterval(() => res.write(chunk), 1);
        res.on('close', () => {
          clearInterval(timer);
          resolve();
        });
      });
    });
    routes.set('/to-other-origin', (req, res) => {
      send(res, [307, { location: base.replace('127.0.0.1', 'localhost') + '/echo-auth' }]);
    });
    routes.set('/echo-auth', (req, res) => {
      send(res, [200], `auth=${req.headers.authorization ?? 'none'}`);
    });
    routes.set('/loop', (req, res) => {
      send(res, [302, { location: '/loop' }]);
    });
    routes.set('/gzip', (req, res) => {
      send(res, [200, { 'content-encoding': 'gzip' }], gzipSync(pdf()));
    });
    routes.set('/gzip-bomb', (req, res) => {
      send(res, [200, { 'content-encoding': 'gzip' }], gzipSync(Buffer.alloc(20 * 1024 * 1024)));
    });
    routes.set('/trusted/a.pdf', (req, res) => {
      send(res, [200], pdf('trusted'));
    });
    routes.set('/trusted/away', (req, res) => {
      send(res, [302, { location: '/file.pdf' }]);
    });
    routes.set('/slow', (req, res) => {
      res.writeHead(200);
      res.write('start');
      const t = setTimeout(() => res.end('late'), 5000);
      res.on('close', () => clearTimeout(t));
    });
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('downloads a file within the cap', async () => {
    const data = await fetchAttachment(`${base}/file.pdf`, { maxBytes: 1024 * 1024, allowPrivateNetwork: true });
    expect(data.equals(pdf())).to.equal(true);
  });

  it('sends the given headers and follows redirects', async () => {
    expect((await fetchAttachment(`${base}/private.pdf`, { maxBytes: 10_000, headers: { authorization: 'Bearer t0ken' }, allowPrivateNetwork: true })).equals(pdf('private'))).to.equal(true);
    expect((await fetchAttachment(`${base}/moved`, { maxBytes: 10_000, allowPrivateNetwork: true })).equals(pdf())).to.equal(true);
  });

  it('refuses at once when Content-Length is over the cap', async () => {
    const msg = await refusedWith(fetchAttachment(`${base}/declared-big`, { maxBytes: 1024 * 1024, name: 'big.pdf', timeoutMs: 5000, allowPrivateNetwork: true }), 'too_large');
    expect(msg).to.include('"big.pdf" is larger than 1 MB');
  });

  it('stops an endless body at the cap and closes the connection', async () => {
    await refusedWith(fetchAttachment(`${base}/endless`, { maxBytes: 256 * 1024, timeoutMs: 5000, allowPrivateNetwork: true }), 'too_large');
    await endlessClosed;
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    await refusedWith(fetchAttachment(`${base}/slow`, { maxBytes: 1024, timeoutMs: 300, allowPrivateNetwork: true }), 'download_timeout');
    expect(Date.now() - started).to.be.below(3000);
  });

  it('reports HTTP errors and refused connections as download failures', async () => {
    expect(await refusedWith(fetchAttachment(`${base}/missing`, { maxBytes: 1024, allowPrivateNetwork: true }), 'download_failed')).to.include('404');
    expect(await refusedWith(fetchAttachment(`${base}/private.pdf`, { maxBytes: 1024, allowPrivateNetwork: true }), 'download_failed')).to.include('401');
    await refusedWith(fetchAttachment('http://127.0.0.1:1/nothing', { maxBytes: 1024, timeoutMs: 2000, allowPrivateNetwork: true }), 'download_failed');
  });

  it('refuses anything but http(s) URLs', async () => {
    for (const url of ['file:///etc/passwd', 'data:application/pdf;base64,JVBERi0=', 'ftp://127.0.0.1/x', 'not a url', 'http://user:pw@example.test/x']) {
      await refusedWith(fetchAttachment(url, { maxBytes: 1024, allowPrivateNetwork: true }), 'bad_url');
    }
  });

  it('refuses loopback and private addresses unless allowed', async () => {
    const port = new URL(base).port;
    for (const url of [`${base}/file.pdf`, `http://localhost:${port}/file.pdf`, `http://[::1]:${port}/file.pdf`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/x']) {
      expect(await refusedWith(fetchAttachment(url, { maxBytes: 1024 * 1024 }), 'bad_url')).to.include('private or local');
    }
    expect(isPrivateAddress('192.168.1.10')).to.equal(true);
    expect(isPrivateAddress('::ffff:127.0.0.1')).to.equal(true);
    expect(isPrivateAddress('fd12::1')).to.equal(true);
    expect(isPrivateAddress('8.8.8.8')).to.equal(false);
    expect(isPrivateAddress('2606:4700::1111')).to.equal(false);
  });

  it('fetches local URLs under a trusted prefix only (dot segments and redirects included)', async () => {
    const opts = { maxBytes: 10_000, trustedPrefixes: [`${base}/trusted/`] };
    expect((await fetchAttachment(`${base}/trusted/a.pdf`, opts)).equals(pdf('trusted'))).to.equal(true);
    await refusedWith(fetchAttachment(`${base}/trusted/../file.pdf`, opts), 'bad_url');
    await refusedWith(fetchAttachment(`${base}/trusted/%2e%2e/file.pdf`, opts), 'bad_url');
    await refusedWith(fetchAttachment(`${base}/trusted/away`, opts), 'bad_url');
  });

  it('checks names at DNS lookup time (a name resolving to loopback is refused)', async () => {
    const err = await new Promise<unknown>((resolve) => publicOnlyLookup('localhost', {}, (e) => resolve(e)));
    expect(err).to.be.instanceOf(PrivateAddressError);
  });

  it('drops the Authorization header on a redirect to another origin, and stops redirect loops', async () => {
    const opts = { maxBytes: 1024, headers: { authorization: 'Bearer t0ken' }, allowPrivateNetwork: true };
    expect((await fetchAttachment(`${base}/to-other-origin`, opts)).toString()).to.equal('auth=none');
    expect((await fetchAttachment(`${base}/echo-auth`, opts)).toString()).to.equal('auth=Bearer t0ken');
    expect(await refusedWith(fetchAttachment(`${base}/loop`, opts), 'download_failed')).to.include('redirects');
  });

  it('decodes a compressed response and applies the cap to the decoded bytes', async () => {
    expect((await fetchAttachment(`${base}/gzip`, { maxBytes: 10_000, allowPrivateNetwork: true })).equals(pdf())).to.equal(true);
    await refusedWith(fetchAttachment(`${base}/gzip-bomb`, { maxBytes: 1024 * 1024, allowPrivateNetwork: true }), 'too_large');
  });
});

describe('attachmentSource', () => {
  it('reads the pre-authorised download URL of a Teams file', () => {
    expect(
      attachmentSource({
        contentType: TEAMS_FILE_DOWNLOAD_INFO,
        contentUrl: 'https://contoso.sharepoint.com/personal/x/Documents/contract.pdf',
        name: 'contract.pdf',
        content: { downloadUrl: 'https://contoso.sharepoint.com/download?x=1', uniqueId: 'u1', fileType: 'pdf' },
      }),
    ).to.deep.equal({ url: 'https://contoso.sharepoint.com/download?x=1', name: 'contract.pdf', declaredType: 'pdf', teamsFile: true });
  });

  it('uses contentUrl for other channels and skips cards and message HTML', () => {
    expect(attachmentSource({ contentType: 'image/png', contentUrl: 'https://example.test/a.png', name: 'a.png' })).to.deep.equal({
      url: 'https://example.test/a.png',
      name: 'a.png',
      declaredType: 'image/png',
      teamsFile: false,
    });
    expect(attachmentSource({ contentType: 'text/html', content: '<p>hello</p>' })).to.equal(undefined);
    expect(attachmentSource({ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: 'https://x.test/card' })).to.equal(undefined);
    expect(attachmentSource({ contentType: TEAMS_FILE_DOWNLOAD_INFO, content: {} })).to.equal(undefined);
  });
});
