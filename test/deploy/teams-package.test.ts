// The Teams app package: a real zip written to a temp dir, read back with yauzl; the manifest checked
// against the Teams limits and the bot's own intents; the PNGs decoded (CRCs, IHDR, pixels).
import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import yauzl from 'yauzl';
import { loadConfig } from '../../src/config/config.js';
import { detectIntent } from '../../src/bot/intents.js';
import { buildTeamsPackage, TeamsPackageError, TEAMS_LIMITS } from '../../scripts/teams-package.js';

const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function testConfig(overrides: Record<string, string | undefined> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppTenantId: TENANT,
    PUBLIC_URL: 'https://complaints.example.com/',
    PLATFORM_NAME: 'Acme "Trade" \\ Co',
    ...overrides,
  });
}

async function readZip(path: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const parts: Buffer[] = [];
        stream.on('data', (c: Buffer) => parts.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(parts));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return files;
}

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  pixel(x: number, y: number): [number, number, number, number];
}

// A minimal PNG reader for 8-bit RGBA: every chunk's CRC checked, all five row filters undone.
function decodePng(data: Buffer): Png {
  expect(data.subarray(0, 8).toString('hex')).to.equal('89504e470d0a1a0a');
  let off = 8;
  const chunks: { type: string; body: Buffer }[] = [];
  while (off < data.length) {
    const length = data.readUInt32BE(off);
    const type = data.toString('latin1', off + 4, off + 8);
    const body = data.subarray(off + 8, off + 8 + length);
    expect(data.readUInt32BE(off + 8 + length), `${type} CRC`).to.equal(crc32(data.subarray(off + 4, off + 8 + length)) >>> 0);
    chunks.push({ type, body });
    off += 12 + length;
  }
  expect(chunks[0].type).to.equal('IHDR');
  expect(chunks.at(-1)?.type).to.equal('IEND');
  const ihdr = chunks[0].body;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8];
  const colourType = ihdr[9];
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.body)));
  const stride = width * 4;
  expect(raw.length).to.equal((stride + 1) * height);
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= 4 ? pixels[y * stride + i - 4] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = i >= 4 && y > 0 ? pixels[(y - 1) * stride + i - 4] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      pixels[y * stride + i] = (x + predictor) & 255;
    }
  }
  return {
    width,
    height,
    bitDepth,
    colourType,
    pixel: (x, y) => {
      const o = y * stride + x * 4;
      return [pixels[o], pixels[o + 1], pixels[o + 2], pixels[o + 3]];
    },
  };
}

// The parts of the written manifest.json these tests read.
interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  staticTabs?: { entityId: string; name: string; contentUrl: string; websiteUrl: string; scopes: string[] }[];
  webApplicationInfo?: { id: string; resource: string };
  bots: {
    botId: string;
    scopes: string[];
    supportsFiles: boolean;
    isNotificationOnly: boolean;
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  validDomains: string[];
}

function allPixels(png: Png): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) out.push(png.pixel(x, y));
  return out;
}

describe('Teams app package (scripts/teams-package.ts)', () => {
  let dir: string;
  let files: Map<string, Buffer>;
  let manifest: Manifest;
  let zipPath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
    const result = await buildTeamsPackage({ config: testConfig(), outDir: dir, version: '1.2.3' });
    zipPath = result.zipPath;
    files = await readZip(zipPath);
    manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? 'null') as Manifest;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one zip named after the short name, holding exactly manifest.json, color.png and outline.png', () => {
    expect(readdirSync(dir)).to.deep.equal(['acme-trade-co-complaints.zip']);
    expect(zipPath).to.equal(join(dir, 'acme-trade-co-complaints.zip'));
    expect([...files.keys()].sort()).to.deep.equal(['color.png', 'manifest.json', 'outline.png']);
  });

  it('fills the manifest: ids, version, schema, bot settings, domains and URLs', () => {
    expect(manifest.$schema).to.equal(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(manifest.version).to.equal('1.2.3');
    expect(manifest.id).to.equal(APP_ID);
    expect(manifest.bots).to.have.length(1);
    const bot = manifest.bots[0];
    expect(bot.botId).to.equal(APP_ID);
    expect(bot.supportsFiles).to.equal(true);
    expect(bot.isNotificationOnly).to.equal(false);
    expect(bot.scopes).to.include.members(['personal', 'team']);
    expect(manifest.validDomains).to.deep.equal(['complaints.example.com']);
    expect(manifest.developer.websiteUrl).to.equal('https://complaints.example.com/');
    expect(manifest.developer.privacyUrl).to.match(/^https:\/\/complaints\.example\.com\//);
    expect(manifest.developer.termsOfUseUrl).to.match(/^https:\/\/complaints\.example\.com\//);
    expect(manifest.icons).to.deep.equal({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).to.match(/^#[0-9A-Fa-f]{6}$/);
    // The support desk as a personal tab, with single sign-on for the app's own API.
    expect(manifest.staticTabs).to.deep.equal([
      { entityId: 'support-desk', name: 'Support desk', contentUrl: 'https://complaints.example.com/support', websiteUrl: 'https://complaints.example.com/support', scopes: ['personal'] },
    ]);
    expect(manifest.webApplicationInfo).to.deep.equal({ id: APP_ID, resource: `api://complaints.example.com/${APP_ID}` });
    expect(JSON.stringify(manifest)).not.to.include('${');
  });

  it('keeps a platform name with quotes and backslashes intact and stays within the Teams limits', () => {
    expect(manifest.name.short).to.equal('Acme "Trade" \\ Co Complaints');
    expect(manifest.name.full).to.equal('Acme "Trade" \\ Co Complaint Center');
    expect(manifest.description.full).to.include('Acme "Trade" \\ Co');
    expect(manifest.name.short.length).to.be.within(1, TEAMS_LIMITS.nameShort);
    expect(manifest.name.full.length).to.be.within(1, TEAMS_LIMITS.nameFull);
    expect(manifest.description.short.length).to.be.within(1, TEAMS_LIMITS.descriptionShort);
    expect(manifest.description.full.length).to.be.within(1, TEAMS_LIMITS.descriptionFull);
    expect(manifest.developer.name.length).to.be.within(1, TEAMS_LIMITS.developerName);
  });

  it('offers commands the bot understands as free text', () => {
    const commands = manifest.bots[0].commandLists.flatMap((l) => l.commands);
    expect(commands.map((c) => c.title)).to.deep.equal(['File a complaint', 'Respond to a complaint', 'My cases', 'Help']);
    expect(commands.map((c) => detectIntent(c.title).kind)).to.deep.equal(['file', 'respond', 'cases', 'help']);
    for (const c of commands) {
      expect(c.title.length).to.be.at.most(TEAMS_LIMITS.commandTitle);
      expect(c.description.length).to.be.at.most(TEAMS_LIMITS.commandDescription);
    }
  });

  it('falls back to neutral names when PLATFORM_NAME is too long for the short fields', async () => {
    const long = 'The Very Long Name Of A Global Business To Business Marketplace Platform';
    const sub = mkdtempSync(join(dir, 'long-'));
    const result = await buildTeamsPackage({ config: testConfig({ PLATFORM_NAME: long }), outDir: sub, version: '1.0.0' });
    const m = result.manifest as unknown as Manifest;
    expect(m.name.short).to.equal('Complaint Center');
    expect(m.name.full).to.equal(`${long} Complaint Center`);
    expect(m.description.short.length).to.be.at.most(TEAMS_LIMITS.descriptionShort);
    expect(m.developer.name.length).to.be.at.most(TEAMS_LIMITS.developerName);
  });

  it('colour icon: a valid 192×192 RGBA PNG, opaque, accent background, white glyph', () => {
    const png = decodePng(files.get('color.png') as Buffer);
    expect([png.width, png.height, png.bitDepth, png.colourType]).to.deep.equal([192, 192, 8, 6]);
    const accent = Number.parseInt(manifest.accentColor.slice(1), 16);
    expect(png.pixel(0, 0)).to.deep.equal([(accent >> 16) & 255, (accent >> 8) & 255, accent & 255, 255]);
    const pixels = allPixels(png);
    expect(pixels.every((p) => p[3] === 255)).to.equal(true);
    expect(pixels.filter((p) => p[0] === 255 && p[1] === 255 && p[2] === 255).length).to.be.greaterThan(192 * 192 * 0.1);
  });

  it('outline icon: a valid 32×32 RGBA PNG, transparent background, white glyph only', () => {
    const png = decodePng(files.get('outline.png') as Buffer);
    expect([png.width, png.height, png.bitDepth, png.colourType]).to.deep.equal([32, 32, 8, 6]);
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]]) expect(png.pixel(x, y)[3], `alpha at ${x},${y}`).to.equal(0);
    const pixels = allPixels(png);
    const visible = pixels.filter((p) => p[3] > 0);
    expect(visible.every((p) => p[0] === 255 && p[1] === 255 && p[2] === 255)).to.equal(true);
    expect(pixels.filter((p) => p[3] === 255).length).to.be.greaterThan(32 * 32 * 0.2);
    expect(pixels.filter((p) => p[3] === 0).length).to.be.greaterThan(32 * 32 * 0.2);
  });

  it('is reproducible: the same configuration gives the same bytes', async () => {
    const sub = mkdtempSync(join(dir, 'again-'));
    const again = await buildTeamsPackage({ config: testConfig(), outDir: sub, version: '1.2.3' });
    const second = await readZip(again.zipPath);
    for (const [name, body] of files) expect(second.get(name)?.equals(body), name).to.equal(true);
  });

  describe('refuses a configuration Teams cannot use, with one clear line', () => {
    async function failure(overrides: Record<string, string | undefined>): Promise<Error> {
      const sub = mkdtempSync(join(dir, 'bad-'));
      try {
        await buildTeamsPackage({ config: testConfig(overrides), outDir: sub });
      } catch (err) {
        expect(readdirSync(sub)).to.deep.equal([]);
        return err as Error;
      }
      throw new Error('expected buildTeamsPackage to fail');
    }

    it('without MicrosoftAppId', async () => {
      const err = await failure({ MicrosoftAppId: undefined, MicrosoftAppPassword: undefined, MicrosoftAppTenantId: undefined });
      expect(err).to.be.instanceOf(TeamsPackageError);
      expect(err.message).to.match(/^MicrosoftAppId is required/).and.not.include('\n');
    });

    it('with a MicrosoftAppId that is not a GUID', async () => {
      const err = await failure({ MicrosoftAppId: 'my-bot' });
      expect(err).to.be.instanceOf(TeamsPackageError);
      expect(err.message).to.match(/^MicrosoftAppId must be a GUID/);
    });

    it('without PUBLIC_URL', async () => {
      const err = await failure({ PUBLIC_URL: undefined });
      expect(err).to.be.instanceOf(TeamsPackageError);
      expect(err.message).to.match(/^PUBLIC_URL is required/).and.not.include('\n');
    });

    it('with an http PUBLIC_URL', async () => {
      const err = await failure({ PUBLIC_URL: 'http://complaints.example.com' });
      expect(err).to.be.instanceOf(TeamsPackageError);
      expect(err.message).to.equal('PUBLIC_URL must start with https:// (Teams accepts only https addresses)');
    });
  });
});
