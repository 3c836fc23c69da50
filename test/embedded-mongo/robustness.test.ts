// The wire layer seen from a raw socket: framing across chunks, OP_QUERY handshake, document
// sequences, checksums, moreToCome, and misbehaving clients that must not disturb anyone else.
import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { BSON, Long, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { crc32c } from '../../src/embedded-mongo/crc32c.js';
import { startHarness, uniqueName, type Harness } from './helpers.js';

let nextId = 1000;

function opMsg(body: Document, opts: { flags?: number; sequence?: [string, Document[]]; checksum?: 'good' | 'bad' } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  if (opts.sequence) {
    const [id, docs] = opts.sequence;
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  let flags = opts.flags ?? 0;
  if (opts.checksum) flags |= 1;
  const body2 = Buffer.concat(parts);
  const len = 16 + 4 + body2.length + (opts.checksum ? 4 : 0);
  const msg = Buffer.alloc(len);
  msg.writeInt32LE(len, 0);
  msg.writeInt32LE(nextId++, 4);
  msg.writeInt32LE(0, 8);
  msg.writeInt32LE(2013, 12);
  msg.writeUInt32LE(flags, 16);
  body2.copy(msg, 20);
  if (opts.checksum) msg.writeUInt32LE((crc32c(msg.subarray(0, len - 4)) + (opts.checksum === 'bad' ? 1 : 0)) >>> 0, len - 4);
  return msg;
}

function opQuery(ns: string, query: Document): Buffer {
  const q = Buffer.from(BSON.serialize(query));
  const name = Buffer.from(`${ns}\0`);
  const len = 16 + 4 + name.length + 8 + q.length;
  const msg = Buffer.alloc(len);
  msg.writeInt32LE(len, 0);
  msg.writeInt32LE(nextId++, 4);
  msg.writeInt32LE(0, 8);
  msg.writeInt32LE(2004, 12);
  msg.writeInt32LE(0, 16);
  name.copy(msg, 20);
  msg.writeInt32LE(0, 20 + name.length);
  msg.writeInt32LE(-1, 24 + name.length);
  q.copy(msg, 28 + name.length);
  return msg;
}

interface Reply {
  opCode: number;
  responseTo: number;
  doc: Document;
}

/** A raw client: collects whole replies from the byte stream. */
class RawClient {
  readonly socket: Socket;
  private buf = Buffer.alloc(0);
  private readonly replies: Reply[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (b: Buffer) => {
      this.buf = Buffer.concat([this.buf, b]);
      while (this.buf.length >= 4 && this.buf.length >= this.buf.readInt32LE(0)) {
        const len = this.buf.readInt32LE(0);
        const msg = this.buf.subarray(0, len);
        this.buf = this.buf.subarray(len);
        const opCode = msg.readInt32LE(12);
        const at = opCode === 1 ? 36 : 21;
        this.replies.push({ opCode, responseTo: msg.readInt32LE(8), doc: BSON.deserialize(msg.subarray(at), { promoteLongs: false }) });
      }
      this.wake();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    this.socket.on('error', () => undefined);
  }

  ready(): Promise<void> {
    return new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }

  async next(timeoutMs = 3000): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    while (!this.replies.length) {
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error('no reply');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.replies.shift() as Reply;
  }

  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  pending(): number {
    return this.replies.length;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

describe('embedded-mongo wire robustness', () => {
  let h: Harness;
  let raw: RawClient;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());
  beforeEach(async () => {
    raw = new RawClient(h.server.port);
    await raw.ready();
  });
  afterEach(() => raw.socket.destroy());

  async function othersStillServed(): Promise<void> {
    const c = h.client.db(uniqueName('robust')).collection('x');
    await c.insertOne({ ok: true });
    expect(await c.countDocuments()).to.equal(1);
  }

  it('answers the OP_QUERY isMaster handshake with OP_REPLY (standalone, no topologyVersion)', async () => {
    const req = opQuery('admin.$cmd', { isMaster: 1, helloOk: true, client: { driver: { name: 'raw' } } });
    raw.socket.write(req);
    const r = await raw.next();
    expect(r.opCode).to.equal(1);
    expect(r.responseTo).to.equal(req.readInt32LE(4));
    expect(r.doc).to.include({ ismaster: true, isWritablePrimary: true, ok: 1 });
    expect(r.doc.maxWireVersion).to.be.within(9, 29);
    expect(r.doc).to.include.keys('maxBsonObjectSize', 'maxMessageSizeBytes', 'maxWriteBatchSize', 'connectionId', 'localTime', 'logicalSessionTimeoutMinutes', 'minWireVersion');
    expect(r.doc).to.not.have.any.keys('topologyVersion', 'setName', 'compression');
  });

  it('reassembles a message sent one byte at a time, and splits two messages sent in one write', async () => {
    const ping = opMsg({ ping: 1, $db: 'admin' });
    for (const byte of ping) {
      raw.socket.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    expect((await raw.next()).doc.ok).to.equal(1);
    const a = opMsg({ ping: 1, $db: 'admin' });
    const b = opMsg({ buildInfo: 1, $db: 'admin' });
    raw.socket.write(Buffer.concat([a, b]));
    const ra = await raw.next();
    const rb = await raw.next();
    expect([ra.responseTo, rb.responseTo]).to.deep.equal([a.readInt32LE(4), b.readInt32LE(4)]);
    expect(rb.doc.version).to.be.a('string');
  });

  it('accepts document sequences (kind 1), checksums, and sends nothing for moreToCome', async () => {
    const db = uniqueName('raw');
    raw.socket.write(opMsg({ insert: 'c', $db: db }, { sequence: ['documents', [{ _id: 1 }, { _id: 2 }]] }));
    expect((await raw.next()).doc).to.include({ n: 2, ok: 1 });
    raw.socket.write(opMsg({ insert: 'c', $db: db, writeConcern: { w: 0 } }, { flags: 2, sequence: ['documents', [{ _id: 3 }]] }));
    raw.socket.write(opMsg({ count: 'c', $db: db }, { checksum: 'good' }));
    const r = await raw.next();
    expect(r.doc.n).to.equal(3);
    await new Promise((res) => setTimeout(res, 100));
    expect(raw.pending()).to.equal(0);
  });

  it('sends cursor ids as int64 even when they are 0', async () => {
    raw.socket.write(opMsg({ find: 'nothing', $db: uniqueName('raw') }));
    const r = await raw.next();
    expect(r.doc.cursor.id).to.be.instanceOf(Long);
  });

  const bad: [string, () => Buffer][] = [
    ['an HTTP request (absurd length prefix)', () => Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['a length below the header size', () => Buffer.from([4, 0, 0, 0, 1, 2, 3, 4])],
    ['an unknown opcode', () => {
      const m = opMsg({ ping: 1, $db: 'admin' });
      m.writeInt32LE(9999, 12);
      return m;
    }],
    ['corrupt BSON inside a well-framed OP_MSG', () => {
      const m = opMsg({ ping: 1, $db: 'admin' });
      m.writeInt32LE(0x7ffffff0, 21); // document length far beyond the message
      return m;
    }],
    ['a BSON body with garbage element types', () => {
      const m = opMsg({ ping: 1, $db: 'admin' });
      m[25] = 0x7e; // element type byte of the first field
      return m;
    }],
    ['a wrong checksum', () => opMsg({ ping: 1, $db: 'admin' }, { checksum: 'bad' })],
    ['random bytes with a plausible length', () => {
      const m = Buffer.alloc(200);
      for (let i = 0; i < m.length; i++) m[i] = (i * 7919) % 251;
      m.writeInt32LE(200, 0);
      m.writeInt32LE(2013, 12);
      return m;
    }],
  ];
  for (const [label, make] of bad) {
    it(`closes only the connection that sent ${label}`, async () => {
      raw.socket.write(make());
      expect(await raw.waitClosed()).to.equal(true);
      await othersStillServed();
    });
  }

  it('answers a command it cannot run with an error reply, keeping the connection', async () => {
    raw.socket.write(opMsg({ find: 42, $db: 'x' }));
    const r = await raw.next();
    expect(r.doc.ok).to.equal(0);
    raw.socket.write(opMsg({ ping: 1, $db: 'admin' }));
    expect((await raw.next()).doc.ok).to.equal(1);
  });
});

describe('embedded-mongo close()', () => {
  it('returns promptly with pooled driver connections still open, and frees the port', async () => {
    const server: EmbeddedMongo = await startEmbeddedMongo({ port: 0 });
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 2000, minPoolSize: 3 });
    await client.connect();
    await client.db('x').collection('y').insertOne({ a: 1 });
    const t0 = Date.now();
    await server.close();
    expect(Date.now() - t0).to.be.below(1000);
    await client.close();
    const again = await startEmbeddedMongo({ port: server.port });
    await again.close();
  });

  it('rejects a port that is taken, and logs malformed messages on the given logger', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const server = await startEmbeddedMongo({ port: 0, logger });
    try {
      const err = await startEmbeddedMongo({ port: server.port }).catch((e: unknown) => e);
      expect((err as NodeJS.ErrnoException).code).to.equal('EADDRINUSE');
      const raw = new RawClient(server.port);
      await raw.ready();
      raw.socket.write(Buffer.from('not a mongo message at all'));
      expect(await raw.waitClosed()).to.equal(true);
      expect(lines.join('')).to.match(/malformed message/);
    } finally {
      await server.close();
    }
  });
});
