// A TCP proxy on loopback in front of a server that can be frozen: it then stops forwarding in both
// directions (connections stay open, bytes wait), as a frozen database process or a partition looks.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FreezableProxy {
  port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezableProxy(target: { host: string; port: number }): Promise<FreezableProxy> {
  let frozen = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) for (const s of pair) s.pause();
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const each = (f: (s: net.Socket) => void) => {
    for (const pair of pairs) pair.forEach(f);
  };
  return {
    port: (server.address() as AddressInfo).port,
    freeze() {
      frozen = true;
      // Pausing the readers stops the pipes: nothing read, nothing forwarded.
      each((s) => s.pause());
    },
    thaw() {
      frozen = false;
      each((s) => s.resume());
    },
    close: () =>
      new Promise((resolve) => {
        each((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
