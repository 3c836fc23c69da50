// npm run soak: floods a local server (a child process on loopback, embedded database, temporary data
// folder) with what an unauthenticated or careless client can send, and prints the server's memory and
// open files before and after. Bounded: a fixed number of requests, then the server is stopped.
//   upgrade requests to a path nobody upgrades (/healthz), Direct Line posts, concurrent uploads.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const UPGRADES = Number(process.env.SOAK_UPGRADES ?? 2000);
const POSTS = Number(process.env.SOAK_POSTS ?? 2000);
const UPLOADS = Number(process.env.SOAK_UPLOADS ?? 40);
const UPLOAD_MB = Number(process.env.SOAK_UPLOAD_MB ?? 2);

const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-soak-'));
const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/main.ts'], {
  env: { ...process.env, PORT: '0', DATA_DIR: dataDir, MONGODB_URI: '', NODE_ENV: '', MicrosoftAppId: '', MicrosoftAppPassword: '', SMTP_URL: '', LOG_LEVEL: 'info' },
  stdio: ['ignore', 'pipe', 'inherit'],
});

function sample(): { rssMb: number; openFiles: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(rssKb / 1024), openFiles: readdirSync(`/proc/${child.pid}/fd`).length };
}

async function pool<T>(n: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await task(i);
    }
  }));
  return out;
}

/** One raw upgrade request; resolves with the status line, or 'closed' / 'no answer in 5 s'. */
function upgrade(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => { socket.destroy(); resolve('no answer in 5 s'); }, 5000);
    let head = '';
    socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'));
    socket.on('data', (d) => { head += d.toString('latin1'); });
    const done = () => { clearTimeout(timer); socket.destroy(); resolve(head.split('\r\n')[0] || 'closed'); };
    socket.on('end', done).on('close', done).on('error', done);
    // Answered: close our side as a client would.
    socket.once('data', () => setTimeout(done, 10));
  });
}

const count = (xs: Array<string | number>) => Object.entries(xs.reduce<Record<string, number>>((a, x) => ({ ...a, [x]: (a[x] ?? 0) + 1 }), {})).map(([k, v]) => `${k}: ${v}`).join(', ');

async function main(): Promise<void> {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*listening at/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const port = Number(new URL(url).port);
  await new Promise((r) => setTimeout(r, 2000));
  const before = sample();
  console.log(`before: rss ${before.rssMb} MB, open files ${before.openFiles}`);

  const up = await pool(UPGRADES, 50, () => upgrade(port));
  console.log(`${UPGRADES} upgrade requests to /healthz: ${count(up)}; open files now ${sample().openFiles}`);

  const dl = `${url}/v3/directline`;
  const conversations = await pool(20, 5, async () => (await (await fetch(`${dl}/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string });
  const posts = await pool(POSTS, 20, async (i) => {
    const c = conversations[i % conversations.length];
    const res = await fetch(`${dl}/conversations/${c.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'soak' }, text: `flood ${i}` }),
    });
    await res.arrayBuffer();
    return res.status;
  });
  console.log(`${POSTS} Direct Line posts over 20 conversations: ${count(posts)}; rss now ${sample().rssMb} MB`);

  const file = Buffer.alloc(UPLOAD_MB * 1024 * 1024, 7);
  let peak = 0;
  const watch = setInterval(() => { peak = Math.max(peak, sample().rssMb); }, 100);
  const uploads = await pool(UPLOADS, UPLOADS, async (i) => {
    const c = (await (await fetch(`${dl}/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', from: { id: 'soak' } })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([file], { type: 'application/pdf' }), `f${i}.pdf`);
    const res = await fetch(`${dl}/conversations/${c.conversationId}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${c.token}` }, body: form });
    await res.arrayBuffer();
    return res.status;
  });
  clearInterval(watch);
  console.log(`${UPLOADS} concurrent ${UPLOAD_MB} MB uploads: ${count(uploads)}; peak rss ${peak} MB`);

  await new Promise((r) => setTimeout(r, 5000));
  const after = sample();
  const health = (await fetch(`${url}/healthz`)).status;
  console.log(`after (5 s later): rss ${after.rssMb} MB (${Math.round(((after.rssMb - before.rssMb) / before.rssMb) * 100)} %), open files ${after.openFiles} (was ${before.openFiles}); /healthz ${health}`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    child.kill('SIGTERM');
    child.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  });
