// Top self-time functions of a V8 CPU profile (node --cpu-prof, or `npm run bench:compare -- --cpu-prof DIR`):
//   npm run -s bench:profile -- FILE.cpuprofile [N] [LAST_SECONDS]
// LAST_SECONDS keeps only the samples of the profile's last seconds (e.g. the phase a benchmark ends with).
// Prints each function's share of the sampled time with its file (node_modules package or src path).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function where(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length).split('/').slice(0, url.includes('/@', nm) ? 2 : 1).join('/');
  const src = url.search(/\/(src|scripts)\//);
  return src >= 0 ? url.slice(src + 1) : url.replace(/^file:\/\//, '') || '(native)';
}

const [file, top = '25', lastSeconds] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-top.ts FILE.cpuprofile [N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
if (lastSeconds && profile.samples && profile.timeDeltas) {
  // Recount hits from the samples inside the window.
  const times: number[] = [];
  let t = 0;
  for (const d of profile.timeDeltas) times.push((t += d));
  const from = t - Number(lastSeconds) * 1e6;
  const hits = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (times[i] >= from) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  for (const n of profile.nodes) n.hitCount = hits.get(n.id) ?? 0;
}
const self = new Map<string, number>();
const byArea = new Map<string, number>();
let total = 0;
for (const n of profile.nodes) {
  const hits = n.hitCount ?? 0;
  if (!hits) continue;
  total += hits;
  const fn = `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  self.set(fn, (self.get(fn) ?? 0) + hits);
  const area = n.callFrame.url ? where(n.callFrame.url).split(/[/:]/).slice(0, 2).join('/') : n.callFrame.functionName;
  byArea.set(area, (byArea.get(area) ?? 0) + hits);
}
const pct = (x: number): string => `${((100 * x) / total).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${total} samples`);
console.log('by area (self time):');
for (const [k, v] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${pct(v)}  ${k}`);
console.log('top functions (self time):');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`  ${pct(v)}  ${k}`);
