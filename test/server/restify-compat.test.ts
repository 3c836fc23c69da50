// Why src/server/restify-compat.ts exists: restify (still in 12.0.0) replaces
// http.ServerResponse.prototype.writeHead for every server in the process with a function that
// returns undefined. If a restify release restores Node's contract, the first test fails: then the
// compat module can go.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import '../../src/server/http-server.js';

function writeHeadResult(imports: string): string {
  const script = `${imports}
import http from 'node:http';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
const res = new http.ServerResponse(new IncomingMessage(new Socket()));
const returned = res.writeHead(200);
process.stdout.write(returned === res ? 'chainable' : String(returned));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('server: restify compatibility', () => {
  it('restify alone breaks writeHead chaining for every http server in the process', () => {
    expect(writeHeadResult('')).to.equal('chainable');
    expect(writeHeadResult("import 'restify';")).to.equal('undefined');
  });

  it('with the app loaded, a plain http server in the same process can chain res.writeHead(...).end()', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('ok');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
