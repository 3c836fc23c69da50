// restify (11 and 12) replaces http.ServerResponse.prototype.writeHead for every HTTP server in the process
// (not only its own), and its replacement returns undefined instead of the response. Node's
// contract is that writeHead returns `this`, so `res.writeHead(200).end()` in any other server in
// the same process (Direct Line, test servers, libraries) would throw. Restore the contract once;
// test/server/restify-compat.test.ts fails once a restify release no longer needs this.
import http from 'node:http';
import 'restify';

type WriteHead = typeof http.ServerResponse.prototype.writeHead;
const MARK = Symbol.for('complaint-center.chainableWriteHead');

export function restoreChainableWriteHead(): void {
  const proto = http.ServerResponse.prototype as unknown as Record<symbol, boolean> & { writeHead: WriteHead };
  if (proto[MARK]) return;
  const patched = proto.writeHead;
  proto.writeHead = function writeHead(this: http.ServerResponse, ...args: unknown[]) {
    Reflect.apply(patched, this, args);
    return this;
  } as WriteHead;
  proto[MARK] = true;
}

restoreChainableWriteHead();
