// GET / and its static files: escaping of configured text, the ?case= link, offline bundle, caching.
import { expect } from 'chai';
import { EchoBot } from './support/echo-bot.js';
import { renderWebChatPage, scriptJson } from '../../src/web/webchat-page.js';
import { webChatAssets } from '../../src/web/static-assets.js';
import { startWebChatApp, type WebChatTestApp } from './support/webchat-app.js';

const configOf = (html: string): Record<string, unknown> => {
  const match = /<script type="application\/json" id="webchat-config">([^<]*)<\/script>/.exec(html);
  return JSON.parse(match![1]) as Record<string, unknown>;
};

describe('web chat: page', function () {
  this.timeout(30_000);
  let server: WebChatTestApp;

  before(async () => {
    server = await startWebChatApp({ PLATFORM_NAME: `Acme <b>Trade</b> & "Co"` }, () => new EchoBot());
  });
  after(async () => server?.stop());

  it('serves the page with the platform name escaped, the local bundle and a strict CSP', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.contain("script-src 'self'");
    expect(csp).to.contain("frame-ancestors 'self'");
    const html = await res.text();
    expect(html).to.contain('Acme &lt;b&gt;Trade&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(html).to.not.contain('<b>Trade</b>');
    expect(html).to.match(/<script src="\/vendor\/webchat\.js\?v=4\.\d+\.\d+" defer><\/script>/);
    expect(html).to.not.match(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
    expect(html).to.contain('<html lang="en">');
    expect(html).to.contain('href="#chat"');
    // The page refuses files over the evidence limit (10 MB, tighter than the local endpoint's 12 MB).
    expect(configOf(html)).to.deep.equal({ platformName: `Acme <b>Trade</b> & "Co"`, mode: 'local', tokenUrl: '/api/webchat/token', maxFileBytes: 10 * 1024 * 1024 });
    expect(html).to.contain('<a href="/privacy">Privacy</a>').and.contain('<a href="/terms">Terms of use</a>');
  });

  it('serves plain privacy and terms pages, escaped, that say who sees uploaded files', async () => {
    for (const [path, words] of [['/privacy', 'seen by both parties'], ['/terms', 'not liable']] as const) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-security-policy')).to.contain("default-src 'none'");
      const html = await res.text();
      expect(html).to.contain(words).and.contain('Acme &lt;b&gt;Trade&lt;/b&gt;');
      expect(html).to.not.contain('<b>Trade</b>');
    }
  });

  it('opens the case of a ?case= link, and ignores anything that is not a case number', async () => {
    const html = await (await fetch(`${server.url}/?case=c-2026-000123`)).text();
    expect(configOf(html).caseNumber).to.equal('C-2026-000123');
    expect(html).to.contain('<strong>C-2026-000123</strong>');
    const bad = await (await fetch(`${server.url}/?case=${encodeURIComponent('</script><script>alert(1)</script>')}`)).text();
    expect(configOf(bad).caseNumber).to.equal(undefined);
    expect(bad).to.not.contain('alert(1)');
  });

  it('keeps configured text inert inside the page script data', () => {
    const assets = webChatAssets();
    const html = renderWebChatPage({ platformName: '</script><script>alert(1)</script>', mode: 'local', assets, privacyUrl: '/privacy', termsUrl: '/terms', maxFileBytes: 1024 });
    expect(html).to.not.contain('</script><script>alert(1)');
    expect(scriptJson({ a: '<\u2028>&' })).to.equal('{"a":"\\u003c\\u2028\\u003e\\u0026"}');
  });

  it('serves Web Chat from node_modules, gzipped, cacheable for a year when versioned, with 304 revalidation', async () => {
    const { bundle } = webChatAssets();
    const res = await fetch(`${server.url}${bundle.url}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/javascript/);
    expect(res.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).to.equal('gzip');
    const body = await res.text();
    expect(body.length).to.be.greaterThan(3_000_000);
    expect(body).to.contain('renderWebChat');
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${server.url}/vendor/webchat.js`, { headers: { 'If-None-Match': etag } });
    expect(again.status).to.equal(304);
    expect(again.headers.get('cache-control')).to.equal('public, max-age=300');
  });

  it('serves the page script and style', async () => {
    const { script, style } = webChatAssets();
    const js = await fetch(`${server.url}${script.url}`);
    expect(js.status).to.equal(200);
    expect(await js.text()).to.contain('webchat/join');
    const css = await fetch(`${server.url}${style.url}`);
    expect(css.headers.get('content-type')).to.match(/^text\/css/);
  });
});
