// `npm run build`: the runnable server in dist/ (what containers run with `node dist/main.js`).
//   dist/src/**      src/ transpiled file by file (esbuild, the transform tsx applies to `npm start`),
//                    with the non-TypeScript files next to them (web assets, complaint types, FAQ data)
//   dist/cards/      the Adaptive Card templates
//   dist/main.js     the entry point
// The layout inside dist/ mirrors the repository, so paths a module finds from its own location work
// unchanged. Type checking is `npm run typecheck` (tsc), a separate CI step: tsc emitting the same
// files takes tens of seconds, esbuild about one. dist/teams (the Teams package) is left alone.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const isTypeScript = (file: string): boolean => file.endsWith('.ts');
// Notes for developers are not part of what runs.
const isRuntimeAsset = (file: string): boolean => !isTypeScript(file) && !file.endsWith('.md');

export async function buildDist(root = ROOT, out = join(root, 'dist')): Promise<{ files: number; ms: number }> {
  const started = performance.now();
  const src = join(root, 'src');
  for (const stale of ['src', 'cards', 'main.js']) rmSync(join(out, stale), { recursive: true, force: true });

  const sources = filesUnder(src).filter((f) => isTypeScript(f) && !f.endsWith('.d.ts'));
  await build({
    entryPoints: sources,
    outdir: join(out, 'src'),
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap: true,
    bundle: false,
    logLevel: 'warning',
  });

  const assets = filesUnder(src).filter(isRuntimeAsset);
  for (const file of assets) {
    const target = join(out, 'src', relative(src, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  cpSync(join(root, 'cards'), join(out, 'cards'), { recursive: true });
  writeFileSync(
    join(out, 'main.js'),
    [
      "// Built by `npm run build` (scripts/build.ts): the server's entry point.",
      "// Node 22.1+ keeps compiled modules in a cache (NODE_COMPILE_CACHE or the OS temp folder): later starts are faster.",
      "import module from 'node:module';",
      'module.enableCompileCache?.();',
      "await import('./src/main.js');",
      '',
    ].join('\n'),
  );
  return { files: sources.length + assets.length, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files, ms } = await buildDist();
  process.stdout.write(`dist/ built: ${files} files in ${ms} ms; start it with \`node dist/main.js\`\n`);
}
