// The desk page's static files, all served by this server (no CDN): our script and styles (public/), the
// Adaptive Cards renderer and templating from node_modules, adaptive-expressions (which the templating
// needs as the global AEL; its browser build is CommonJS, so it is wrapped to set that global), the
// case-detail card template the bot sends, and the Teams JavaScript SDK for the tab.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cardsDir } from '../bot/cards/templates.js';
import type { StaticAsset } from '../web/static-assets.js';

const require = createRequire(import.meta.url);
const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');
const JS = 'application/javascript; charset=utf-8';

function packageDir(name: string): string {
  // Resolve the package's main entry and walk up to its folder (exports maps may hide package.json).
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(join('node_modules', ...name.split('/')))) dir = dirname(dir);
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
  expressions: StaticAsset;
  templating: StaticAsset;
  teams?: StaticAsset;
  cardTemplate: StaticAsset;
}

export function deskAssets(): DeskAssets {
  const ael = readFileSync(join(packageDir('adaptive-expressions'), 'lib', 'browser.js'));
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
    expressions: asset('/support/vendor/adaptive-expressions.js', JS, () =>
      Buffer.concat([Buffer.from('(function(){var module={exports:{}};var exports=module.exports;\n'), ael, Buffer.from('\n;window.AEL=module.exports;})();\n')]),
    ),
    templating: asset('/support/vendor/adaptivecards-templating.js', JS, () =>
      readFileSync(join(packageDir('adaptivecards-templating'), 'dist', 'adaptivecards-templating.min.js')),
    ),
    ...(teams ? { teams } : {}),
    cardTemplate: asset('/support/assets/case-detail.json', 'application/json; charset=utf-8', () => readFileSync(join(cardsDir(), 'case-detail.json'))),
  };
}
