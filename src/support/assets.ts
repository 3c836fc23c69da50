// The desk page's static files, all served by this server (no CDN): our script and styles (public/), the
// Adaptive Cards renderer from node_modules and the Teams JavaScript SDK for the tab. The cards are expanded
// on the server by the bot's own template code: the browser build of adaptive-expressions (which
// adaptivecards-templating needs in a page) fails in Chromium ("v7 is not a function" in its ANTLR parser).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** A file served at `path` (the same shape as the web chat's static assets, which serve it). */
export interface StaticAsset {
  url: string;
  path: string;
  version: string;
  contentType: string;
  load: () => Buffer;
}
const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');
const JS = 'application/javascript; charset=utf-8';

function packageDir(name: string): string {
  // Resolve the package's main entry and walk up to its folder (exports maps may hide package.json).
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(join('node_modules', ...name.split('/')))) {
    if (dirname(dir) === dir) throw new Error(`package folder of ${name} not found`);
    dir = dirname(dir);
  }
  return dir;
}

function asset(path: string, contentType: string, load: () => Buffer): StaticAsset {
  const bytes = load();
  const version = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  return { url: `${path}?v=${version}`, path, version, contentType, load: () => bytes };
}

export interface DeskAssets {
  script: StaticAsset;
  style: StaticAsset;
  cards: StaticAsset;
  teams?: StaticAsset;
}

export function deskAssets(): DeskAssets {
  let teams: StaticAsset | undefined;
  try {
    const file = join(packageDir('@microsoft/teams-js'), 'dist', 'umd', 'MicrosoftTeams.min.js');
    teams = asset('/support/vendor/teams.js', JS, () => readFileSync(file));
  } catch {
    teams = undefined; // the tab sign-on is off without the package; the code sign-in still works
  }
  return {
    script: asset('/support/assets/desk.js', JS, () => readFileSync(join(PUBLIC_DIR, 'desk.js'))),
    style: asset('/support/assets/desk.css', 'text/css; charset=utf-8', () => readFileSync(join(PUBLIC_DIR, 'desk.css'))),
    cards: asset('/support/vendor/adaptivecards.js', JS, () => readFileSync(join(packageDir('adaptivecards'), 'dist', 'adaptivecards.min.js'))),
    ...(teams ? { teams } : {}),
  };
}
