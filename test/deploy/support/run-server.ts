// Starts a built server (`node <dir>/dist/main.js`) as a child process, the way a container does,
// and finds its port from the "listening" log line (PORT=0).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** From spawn to the first 200 from /healthz. */
  coldStartMs: number;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Production settings with fake credentials: enough to start, never enough to reach Azure. */
export function productionEnv(mongoUri: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    MicrosoftAppId: '00000000-0000-4000-8000-000000000001',
    MicrosoftAppPassword: 'fake-client-secret',
    MicrosoftAppTenantId: '00000000-0000-4000-8000-000000000002',
    MONGODB_URI: mongoUri,
    MONGODB_DB: `t_dist_${process.pid}_${Date.now().toString(36)}`,
    PUBLIC_URL: 'https://complaints.example.com',
    DIRECT_LINE_SECRET: 'fake-direct-line-secret',
    // Azure's Direct Line is never reached: the endpoint is a closed loopback port.
    DIRECT_LINE_ENDPOINT: 'http://127.0.0.1:9/v3/directline',
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    ...extra,
  };
}

export async function runServer(command: string, args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);

  let url: string | undefined;
  while (!url) {
    const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"listening at/.exec(out);
    if (match) url = match[1];
    else if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    else if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not listen in time:\n${out}`);
    } else await new Promise((r) => setTimeout(r, 10));
  }
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`/healthz never answered 200:\n${out}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const coldStartMs = Math.round(performance.now() - started);
  return {
    url,
    child,
    coldStartMs,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
