// The real server as a child process (node itself, not npm, so a SIGKILL reaches the server), for the
// fault tests: kill -9 mid-turn, a database that stops answering.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildServer {
  child: ChildProcess;
  /** Resolves with the URL from the "listening at" log line (rejects if the process exits first). */
  url: Promise<string>;
  exit: Promise<number | null>;
  output: () => string;
  /** SIGKILL, and wait for the exit. */
  kill9(): Promise<void>;
}

/** Local mode (no Bot Framework credentials) with the given environment on top. */
export function startChildServer(env: Record<string, string>): ChildServer {
  const local = { NODE_ENV: '', MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '', LOG_LEVEL: 'info', SMTP_URL: '' };
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...local, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let resolveUrl!: (url: string) => void;
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  const onData = (chunk: Buffer): void => {
    out += chunk.toString('utf8');
    const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"listening at/.exec(out);
    if (m) resolveUrl(m[1]);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    url: Promise.race([url, exit.then((code) => Promise.reject(new Error(`exited ${code}:\n${out}`)))]),
    exit,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
  };
}
