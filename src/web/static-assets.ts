// Static files of the web chat page: our own CSS/JS (src/web/public) and Web Chat's standalone
// bundle from node_modules, served by this server so the page works offline (no CDN). Files are
// read once; URLs carry a version so browsers may cache them for a year.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response, Server } from 'restify';

const gzipAsync = promisify(gzip);

export interface StaticAsset {
  /** Path with its version query, to put in the page. */
  url: string;
  path: string;
  version: string;
  contentType: string;
  load: () => Buffer;
}

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');

/** The directory of Web Chat's bundles (its package exports do not include package.json). */
function webChatDist(): string {
  const main = createRequire(import.meta.url).resolve('botframework-webchat');
  return join(dirname(main), '..', 'dist');
}

function webChatVersion(): string {
  const pkg = JSON.parse(readFileSync(join(webChatDist(), '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0';
}

function publicAsset(name: string, contentType: string): StaticAsset {
  const path = `/webchat/${name}`;
  const file = join(PUBLIC_DIR, name);
  const version = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
  return { url: `${path}?v=${version}`, path, version, contentType, load: () => readFileSync(file) };
}

export function webChatAssets(): { bundle: StaticAsset; script: StaticAsset; style: StaticAsset } {
  const version = webChatVersion();
  const bundleFile = join(webChatDist(), 'webchat.js');
  return {
    bundle: {
      url: `/vendor/webchat.js?v=${version}`,
      path: '/vendor/webchat.js',
      version,
      contentType: 'application/javascript; charset=utf-8',
      load: () => readFileSync(bundleFile),
    },
    script: publicAsset('webchat-app.js', 'application/javascript; charset=utf-8'),
    style: publicAsset('webchat.css', 'text/css; charset=utf-8'),
  };
}

interface Loaded {
  raw: Buffer;
  gzipped: Buffer;
  etag: string;
}

export function registerStaticAsset(server: Server, asset: StaticAsset): void {
  let loading: Promise<Loaded> | undefined;
  const load = (): Promise<Loaded> => {
    loading ??= (async () => {
      const raw = asset.load();
      const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`;
      return { raw, gzipped: await gzipAsync(raw), etag };
    })();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  server.get(asset.path, async (req: Request, res: Response) => {
    const file = await load();
    const versioned = new URL(req.url ?? '/', 'http://local').searchParams.get('v') === asset.version;
    res.setHeader('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    res.setHeader('ETag', file.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === file.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const useGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = useGzip ? file.gzipped : file.raw;
    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('Content-Length', String(body.length));
    if (useGzip) res.setHeader('Content-Encoding', 'gzip');
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}
