// Smoke test of `npm run bench:compare` with a tiny load: it runs to the end and prints its table. Nothing
// about time is asserted (the figures depend on the machine); they are read from the printed table.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.MONGODB_URI;
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'scripts/bench-compare.ts', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench:compare (smoke, tiny load)', function () {
  this.timeout(240_000);

  it('drives the echo bot and the app and prints the side-by-side table', async () => {
    const { code, stdout, stderr } = await run(['--levels', '1,2', '--rounds', '1', '--turns', '1']);
    expect(code, stderr).to.equal(0);
    expect(stdout).to.match(/load average [\d.]+ [\d.]+ [\d.]+ at start/);
    expect(stdout).to.include('p50 app/echo');
    expect(stdout).to.include('db cmds/turn');
    for (const level of [1, 2]) for (const kind of ['faq', 'card']) expect(stdout).to.match(new RegExp(`^\\s+${level} ${kind}\\s+\\d`, 'm'));
    expect(stdout).to.match(/db commands per faq turn: .*find \d/);
    // Cells are a median, with [min–max] when the runs differ.
    expect(stdout).to.match(/filing a case .*: [\d.]+( \[[^\]]+\])? ms, \d+(\.\d+)?( \[[^\]]+\])? db commands/);
    const json = JSON.parse(stdout.trim().split('\n').pop() as string) as { bench: string; rows: unknown[] };
    expect(json.bench).to.equal('compare');
    expect(json.rows).to.have.length(4);
  });

  it('refuses a bad flag with exit code 2', async () => {
    const { code, stderr } = await run(['--rounds', '0']);
    expect(code).to.equal(2);
    expect(stderr).to.include('--rounds must be a whole number');
  });
});
