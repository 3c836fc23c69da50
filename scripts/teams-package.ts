// `npm run teams:package [-- --out DIR]`: the Teams app package (manifest.json, color.png, outline.png
// at the zip root) built from deploy/teams/manifest.template.json and the validated configuration.
// The template is parsed first and placeholders are filled inside its string values, so names with
// quotes or backslashes cannot break the JSON. Icons are drawn here: no image library for two PNGs.
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import yazl from 'yazl';
import { ConfigError, environmentWithDotEnv, loadConfig, type Config } from '../src/config/config.js';

export class TeamsPackageError extends Error {}

export const DEFAULT_TEMPLATE_PATH = fileURLToPath(new URL('../deploy/teams/manifest.template.json', import.meta.url));
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

// Limits from the Teams app manifest schema.
export const TEAMS_LIMITS = {
  nameShort: 30,
  nameFull: 100,
  descriptionShort: 80,
  descriptionFull: 4000,
  developerName: 32,
  commandTitle: 32,
  commandDescription: 128,
  validDomains: 16,
} as const;

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const FALLBACK_NAME = 'Complaint Center';

export type ManifestJson = { [key: string]: ManifestValue };
type ManifestValue = string | number | boolean | null | ManifestValue[] | ManifestJson;

/** The values the template's `${name}` placeholders may use. */
export function manifestValues(config: Config, version: string): Record<string, string> {
  if (!config.MicrosoftAppId) {
    throw new TeamsPackageError('MicrosoftAppId is required: the bot\'s Azure app registration id (a GUID) is the manifest\'s app and bot id');
  }
  if (!GUID.test(config.MicrosoftAppId)) throw new TeamsPackageError('MicrosoftAppId must be a GUID (the bot\'s Azure app registration id)');
  if (!config.PUBLIC_URL) throw new TeamsPackageError('PUBLIC_URL is required: the bot\'s public https address, e.g. https://complaints.example.com');
  const url = new URL(config.publicUrl);
  if (url.protocol !== 'https:') throw new TeamsPackageError('PUBLIC_URL must start with https:// (Teams accepts only https addresses)');
  if (!SEMVER.test(version)) throw new TeamsPackageError(`version must be MAJOR.MINOR.PATCH, got ${JSON.stringify(version)}`);
  const platform = config.PLATFORM_NAME;
  // Names are built from PLATFORM_NAME where they fit the Teams limits, otherwise a neutral name.
  const fits = (text: string, max: number): string | undefined => (text.length <= max ? text : undefined);
  return {
    MicrosoftAppId: config.MicrosoftAppId.toLowerCase(),
    PUBLIC_URL: config.publicUrl,
    PRIVACY_URL: config.PRIVACY_URL ?? `${config.publicUrl}/privacy`,
    TERMS_URL: config.TERMS_URL ?? `${config.publicUrl}/terms`,
    PLATFORM_NAME: platform,
    publicHost: url.host,
    version,
    shortName: fits(`${platform} Complaints`, TEAMS_LIMITS.nameShort) ?? FALLBACK_NAME,
    developerName: fits(platform, TEAMS_LIMITS.developerName) ?? FALLBACK_NAME,
    shortDescription: fits(`File, answer and follow ${platform} complaints`, TEAMS_LIMITS.descriptionShort)
      ?? 'File, answer and follow complaints in chat',
  };
}

/** Fills `${name}` placeholders in every string of the parsed template (one pass: values are never rescanned). */
export function fillTemplate(template: ManifestValue, values: Record<string, string>): ManifestValue {
  if (typeof template === 'string') {
    return template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
      if (!Object.hasOwn(values, name)) throw new TeamsPackageError(`manifest template uses unknown placeholder \${${name}}`);
      return values[name];
    });
  }
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fillTemplate(value, values)]));
  }
  return template;
}

function stringAt(manifest: ManifestJson, path: string): string {
  let node: ManifestValue = manifest;
  for (const key of path.split('.')) {
    node = node && typeof node === 'object' && !Array.isArray(node) ? node[key] : null;
  }
  if (typeof node !== 'string') throw new TeamsPackageError(`manifest ${path} must be a string`);
  return node;
}

/** The Teams limits this package relies on; a template edited past them fails here rather than at upload. */
export function checkManifest(manifest: ManifestJson): void {
  const maxLength = (path: string, max: number): void => {
    const text = stringAt(manifest, path);
    if (text.length === 0 || text.length > max) throw new TeamsPackageError(`manifest ${path} must be 1 to ${max} characters, got ${text.length}`);
  };
  maxLength('name.short', TEAMS_LIMITS.nameShort);
  maxLength('name.full', TEAMS_LIMITS.nameFull);
  maxLength('description.short', TEAMS_LIMITS.descriptionShort);
  maxLength('description.full', TEAMS_LIMITS.descriptionFull);
  maxLength('developer.name', TEAMS_LIMITS.developerName);
  for (const path of ['developer.websiteUrl', 'developer.privacyUrl', 'developer.termsOfUseUrl']) {
    if (!stringAt(manifest, path).startsWith('https://')) throw new TeamsPackageError(`manifest ${path} must be an https URL`);
  }
  if (!/^#[0-9a-f]{6}$/i.test(stringAt(manifest, 'accentColor'))) throw new TeamsPackageError('manifest accentColor must be #RRGGBB');
  const domains = manifest.validDomains;
  if (!Array.isArray(domains) || domains.length > TEAMS_LIMITS.validDomains || domains.some((d) => typeof d !== 'string' || d.includes('://'))) {
    throw new TeamsPackageError(`manifest validDomains must be up to ${TEAMS_LIMITS.validDomains} host names without a scheme`);
  }
  const bots = Array.isArray(manifest.bots) ? manifest.bots : [];
  for (const bot of bots) {
    const lists = bot && typeof bot === 'object' && !Array.isArray(bot) && Array.isArray(bot.commandLists) ? bot.commandLists : [];
    for (const list of lists) {
      const commands = list && typeof list === 'object' && !Array.isArray(list) && Array.isArray(list.commands) ? list.commands : [];
      for (const command of commands) {
        const { title, description } = command as { title?: unknown; description?: unknown };
        if (typeof title !== 'string' || title.length === 0 || title.length > TEAMS_LIMITS.commandTitle) {
          throw new TeamsPackageError(`manifest command title ${JSON.stringify(title)} must be 1 to ${TEAMS_LIMITS.commandTitle} characters`);
        }
        if (typeof description !== 'string' || description.length > TEAMS_LIMITS.commandDescription) {
          throw new TeamsPackageError(`manifest command "${title}" description must be at most ${TEAMS_LIMITS.commandDescription} characters`);
        }
      }
    }
  }
}

/** The manifest for this configuration, from a parsed template. */
export function buildManifest(template: ManifestJson, config: Config, version: string): ManifestJson {
  const manifest = fillTemplate(template, manifestValues(config, version)) as ManifestJson;
  checkManifest(manifest);
  return manifest;
}

// --- PNG -------------------------------------------------------------------------------------------

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG (colour type 6, no interlace, filter 0 on every row). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new RangeError('rgba must hold width × height × 4 bytes');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- Icons: a speech bubble with an exclamation mark, in unit coordinates (0..1 across the icon) -----

function inRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inTriangle(x: number, y: number, [ax, ay, bx, by, cx, cy]: readonly number[]): boolean {
  const side = (px: number, py: number, qx: number, qy: number) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

type Layer = 'background' | 'bubble' | 'mark';

/** `inset` is the margin around the bubble: Teams wants the colour icon's symbol well inside its square. */
function glyphAt(x: number, y: number, inset: number): Layer {
  const s = 1 - 2 * inset;
  const u = (x - inset) / s;
  const v = (y - inset) / s;
  const inMark = inRoundedRect(u, v, 0.44, 0.14, 0.56, 0.5, 0.05) || (u - 0.5) ** 2 + (v - 0.64) ** 2 <= 0.065 ** 2;
  if (inMark) return 'mark';
  const inBubble = inRoundedRect(u, v, 0, 0, 1, 0.8, 0.16) || inTriangle(u, v, [0.2, 0.7, 0.2, 1, 0.48, 0.7]);
  return inBubble ? 'bubble' : 'background';
}

const SAMPLES = 4; // 4 × 4 samples per pixel: smooth edges without a rasteriser

function render(size: number, inset: number, paint: (layer: Layer) => readonly [number, number, number, number]): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = paint(glyphAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, inset));
          for (let i = 0; i < 4; i++) sum[i] += colour[i];
        }
      }
      for (let i = 0; i < 4; i++) rgba[(py * size + px) * 4 + i] = Math.round(sum[i] / (SAMPLES * SAMPLES));
    }
  }
  return encodePng(size, size, rgba);
}

function hexColour(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** 192×192, opaque: white bubble with an accent-coloured mark on the accent colour. */
export function colorIcon(accentColor: string): Buffer {
  const [r, g, b] = hexColour(accentColor);
  return render(COLOR_ICON_SIZE, 0.2, (layer) => (layer === 'bubble' ? [255, 255, 255, 255] : [r, g, b, 255]));
}

/** 32×32: a white bubble with the mark cut out, on a transparent background (white only, as Teams requires). */
export function outlineIcon(): Buffer {
  return render(OUTLINE_ICON_SIZE, 0.06, (layer) => [255, 255, 255, layer === 'bubble' ? 255 : 0]);
}

// --- Package ---------------------------------------------------------------------------------------

export interface TeamsPackageOptions {
  config: Config;
  /** Directory the zip is written to (created if missing). */
  outDir: string;
  templatePath?: string;
  /** App version, MAJOR.MINOR.PATCH; defaults to package.json's. */
  version?: string;
}

export interface TeamsPackageResult {
  zipPath: string;
  manifest: ManifestJson;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '1.0.0';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'teams-app';
}

/** Writes `<outDir>/<short-name-slug>.zip` holding manifest.json, color.png and outline.png. */
export async function buildTeamsPackage(options: TeamsPackageOptions): Promise<TeamsPackageResult> {
  const templatePath = options.templatePath ?? DEFAULT_TEMPLATE_PATH;
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as ManifestJson;
  const manifest = buildManifest(template, options.config, options.version ?? packageVersion());

  mkdirSync(options.outDir, { recursive: true });
  const zipPath = join(options.outDir, `${slug(stringAt(manifest, 'name.short'))}.zip`);
  const zip = new yazl.ZipFile();
  // A fixed timestamp: the same configuration gives the same bytes.
  const mtime = new Date(Date.UTC(2020, 0, 1));
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime });
  zip.addBuffer(colorIcon(stringAt(manifest, 'accentColor')), stringAt(manifest, 'icons.color'), { mtime });
  zip.addBuffer(outlineIcon(), stringAt(manifest, 'icons.outline'), { mtime });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath));
  return { zipPath, manifest };
}

async function main(argv: string[]): Promise<void> {
  const outIndex = argv.indexOf('--out');
  const outDir = resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : join('dist', 'teams'));
  const config = loadConfig(environmentWithDotEnv(process.env));
  const { zipPath } = await buildTeamsPackage({ config, outDir });
  process.stdout.write(`${zipPath}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const known = err instanceof TeamsPackageError || err instanceof ConfigError;
    process.stderr.write(`teams:package: ${known ? err.message : err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
