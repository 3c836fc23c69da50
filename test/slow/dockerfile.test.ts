// deploy/Dockerfile without Docker: its own COPY, ENV, RUN, HEALTHCHECK and CMD lines, parsed from the
// file and run in order in a temporary folder (one folder per stage, WORKDIR /app mapped to it, other
// absolute container paths such as /data mapped under the folder), then the image's start command
// serves /healthz and /readyz against a database server started on its own. Slow (two `npm ci`):
// `npm run test:slow`, run by .ci/run and CI, not by `npm test`.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { productionEnv, runServer, type RunningServer } from '../deploy/support/run-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) current += `${line.slice(0, -1).trim()} `;
    else {
      logical.push(current + line);
      current = '';
    }
  }
  return logical.map((l) => {
    const [op = '', ...rest] = l.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(' ') };
  });
}

const hasUser = (name: string): boolean => {
  try {
    execFileSync('id', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('deploy: the Dockerfile, run without Docker', function () {
  this.timeout(15 * 60_000);
  const steps: string[] = [];
  let tmp: string;
  let mongo: EmbeddedMongo | undefined;
  let server: RunningServer | undefined;
  let runtime: { dir: string; env: Record<string, string>; cmd: string[]; healthcheck: string[] } | undefined;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cc-dockerfile-'));
    const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(dockerignore[dockerignore.indexOf('*')], '.dockerignore starts from nothing').to.equal('*');
    const instructions = parseDockerfile(readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8'));
    const stages = new Map<string, string>();
    let dir = '';
    let env: Record<string, string> = {};
    // Container paths live under the temporary folder: /app is the stage's folder, the rest under tmp.
    const mapPath = (p: string): string => (p === '/app' || p.startsWith('/app/') ? join(dir, p.slice(4)) : join(tmp, 'fs', p));
    const mapCommand = (cmd: string): string => cmd.replace(/(^|\s)(\/(?:data|tmp)\S*)/g, (_m, pre: string, p: string) => `${pre}${mapPath(p)}`);
    let cmd: string[] = [];
    let healthcheck: string[] = [];
    for (const { op, args } of instructions) {
      steps.push(`${op} ${args}`);
      switch (op) {
        case 'FROM': {
          const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${stages.size}`;
          dir = join(tmp, name);
          mkdirSync(dir, { recursive: true });
          stages.set(name, dir);
          env = {};
          break;
        }
        case 'WORKDIR':
          expect(args, 'WORKDIR').to.equal('/app');
          break;
        case 'ENV':
          for (const pair of args.split(/\s+/)) {
            const [k, ...v] = pair.split('=');
            if (k) env[k] = v.join('=').startsWith('/') ? mapPath(v.join('=')) : v.join('=');
          }
          break;
        case 'COPY': {
          const parts = args.split(/\s+/);
          const from = parts[0]?.startsWith('--from=') ? stages.get(parts.shift()!.slice('--from='.length)) : ROOT;
          expect(from, `COPY ${args}: unknown stage`).to.be.a('string');
          const dest = parts.pop()!;
          for (const source of parts) {
            const src = from === ROOT ? join(ROOT, source) : join(from!, source.replace(/^\/app\/?/, ''));
            expect(existsSync(src), `COPY ${args}: ${source} does not exist`).to.equal(true);
            // .dockerignore excludes everything but what is let back in: each context source must be.
            if (from === ROOT) expect(dockerignore, `.dockerignore lets ${source} in`).to.satisfy((lines: string[]) => lines.includes(`!${source}`) || lines.includes(`!${source}/`));
            const target = dest.endsWith('/') ? join(dir, dest, source.split('/').pop()!) : join(dir, dest);
            cpSync(src, target, { recursive: true });
          }
          break;
        }
        case 'RUN': {
          // The user exists in the node image; where it does not (here), only the ownership change is left out.
          // BuildKit flags (--mount=type=cache for npm's cache) change where files live, not the command.
          const shell = args.replace(/^(--\S+\s+)+/, '');
          const command = hasUser('node') ? shell : shell.replace(/&&\s*chown\s+\S+\s+\S+/g, '');
          execFileSync('sh', ['-c', mapCommand(command)], {
            cwd: dir,
            env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmp, ...env },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          break;
        }
        case 'HEALTHCHECK':
          healthcheck = JSON.parse(args.replace(/^.*?\bCMD\s+/, '')) as string[];
          break;
        case 'CMD':
          cmd = JSON.parse(args) as string[];
          break;
        default:
          expect(['USER', 'VOLUME', 'EXPOSE'], `unexpected instruction ${op}`).to.include(op);
      }
    }
    runtime = { dir, env, cmd, healthcheck };
    let uri = process.env.MONGODB_URI;
    if (!uri) {
      mongo = await startEmbeddedMongo({ port: 0 });
      uri = mongo.uri;
    }
    const [command, ...cmdArgs] = runtime.cmd;
    server = await runServer(command!, cmdArgs, { cwd: dir, env: productionEnv(uri, { ...env, PORT: '0' }) });
    console.log(`      runtime stage started: cold start ${server.coldStartMs} ms`);
  });

  after(async () => {
    await server?.stop();
    await mongo?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('is multi-stage on Node 24 LTS, non-root, with node as PID 1 and a health check', () => {
    expect(steps.filter((s) => s.startsWith('FROM ')).map((s) => s.split(' ')[1])).to.deep.equal(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
    expect(steps).to.include('USER node');
    expect(runtime!.cmd).to.deep.equal(['node', 'dist/main.js']);
    expect(steps.join('\n')).to.not.match(/SECRET=|PASSWORD=|MONGODB_URI=/);
  });

  it('leaves only production dependencies in the runtime stage', () => {
    expect(existsSync(join(runtime!.dir, 'node_modules', 'restify'))).to.equal(true);
    expect(existsSync(join(runtime!.dir, 'node_modules', 'mocha'))).to.equal(false);
    expect(existsSync(join(runtime!.dir, 'src'))).to.equal(false);
  });

  it('starts with its CMD and answers /healthz and /readyz; its HEALTHCHECK command passes', async () => {
    expect((await fetch(`${server!.url}/healthz`)).status).to.equal(200);
    expect((await fetch(`${server!.url}/readyz`)).status).to.equal(200);
    const [command, ...args] = runtime!.healthcheck;
    const port = new URL(server!.url).port;
    execFileSync(command!, args, { env: { PATH: process.env.PATH ?? '', PORT: port }, stdio: 'ignore' });
  });
});
