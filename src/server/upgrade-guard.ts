// Every `Upgrade:` request gets an answer. Node hands such a request's socket to the 'upgrade'
// listeners and forgets it: one that no listener takes is never answered and never closed, so a
// client could hold file descriptors until the server stops answering health checks. The guard runs
// before the other listeners: paths no part accepts are refused at once (400, then closed); on
// accepted paths the part must answer (101 or an error) within `pendingTimeoutMs`, which also bounds
// how long a WebSocket can wait unauthenticated, since parts authenticate before they upgrade.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface UpgradeGuardOptions {
  /** How long an accepted path may leave an upgrade unanswered (default 10 s). */
  pendingTimeoutMs?: number;
  onRefused?: (info: { path: string; status: number }) => void;
}

export interface UpgradeGuard {
  /** Lets upgrades under `prefix` (e.g. '/v3/directline/') through to the part that handles them. */
  accept(prefix: string): void;
}

/** Writes a bodiless HTTP answer and closes the socket once it is flushed. */
export function refuseUpgrade(socket: Socket, status: number): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
  // A client that never reads must not keep the socket either.
  setTimeout(() => socket.destroy(), 1000).unref();
}

export function installUpgradeGuard(server: Server, options: UpgradeGuardOptions = {}): UpgradeGuard {
  const prefixes: string[] = [];
  const pendingTimeoutMs = options.pendingTimeoutMs ?? 10_000;
  server.prependListener('upgrade', (req: IncomingMessage, socket: Socket) => {
    // The http server removed its own listeners: without this a reset connection is an uncaught error.
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!prefixes.some((prefix) => path.startsWith(prefix))) {
      options.onRefused?.({ path, status: 400 });
      refuseUpgrade(socket, 400);
      return;
    }
    const timer = setTimeout(() => {
      // Anything written (101, or the part's own refusal) is an answer.
      if (socket.bytesWritten > 0) return;
      options.onRefused?.({ path, status: 408 });
      refuseUpgrade(socket, 408);
    }, pendingTimeoutMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
  return {
    accept(prefix) {
      if (!prefixes.includes(prefix)) prefixes.push(prefix);
    },
  };
}
