// Handshake and server-level commands.
import { BSON, Long, type Document } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { helloReply } from '../handshake.js';
import { mingoOptions } from '../query.js';
import { isPlainObject } from '../storage/values.js';
import { Query } from 'mingo';
import type { CommandHandler } from './context.js';

export const VERSION = '7.0.0';

const hello: CommandHandler = (_cmd, _db, ctx) => helloReply(ctx.connectionId);

const buildInfo: CommandHandler = () => ({
  version: VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['embedded'],
  javascriptEngine: 'none',
  modules: [],
  sysInfo: 'deprecated',
  allocator: 'system',
  ok: 1,
});

const listDatabases: CommandHandler = (cmd, _db, ctx) => {
  let databases: Document[] = ctx.catalog.databaseNames().map((name) => {
    const colls = ctx.catalog.collections(name);
    // Approximate: the BSON size of the data (mongosh and Compass show it).
    const sizeOnDisk = cmd.nameOnly ? 0 : colls.reduce((n, c) => n + [...c.docs.values()].reduce((m, d) => m + BSON.calculateObjectSize(d), 0), 0);
    return { name, sizeOnDisk, empty: colls.every((c) => c.size === 0) };
  });
  if (isPlainObject(cmd.filter) && Object.keys(cmd.filter).length) {
    const q = new Query(cmd.filter, mingoOptions());
    databases = databases.filter((d) => q.test(d));
  }
  if (cmd.nameOnly) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  const totalSize = databases.reduce((n, d) => n + (d.sizeOnDisk as number), 0);
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1024 / 1024), ok: 1 };
};

const dropDatabase: CommandHandler = (_cmd, db, ctx) => {
  ctx.catalog.dropDatabase(db);
  return { dropped: db, ok: 1 };
};

const transactionsRefused: CommandHandler = () => {
  throw new MongoCommandError(ErrorCodes.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
};

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  buildinfo: buildInfo,
  endsessions: () => ({ ok: 1 }),
  listdatabases: listDatabases,
  dropdatabase: dropDatabase,
  committransaction: transactionsRefused,
  aborttransaction: transactionsRefused,
  // Small courtesies for mongosh and Compass, which ask these on connect.
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  connectionstatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getcmdlineopts: () => ({ argv: ['embedded-mongo'], parsed: {}, ok: 1 }),
  hostinfo: () => ({ system: { currentTime: new Date(), hostname: 'localhost' }, os: {}, extra: {}, ok: 1 }),
  serverstatus: (_cmd, _db, ctx) => ({
    host: 'localhost',
    version: VERSION,
    process: 'embedded-mongo',
    uptime: (Date.now() - ctx.startedAt.getTime()) / 1000,
    localTime: new Date(),
    metrics: { cursor: { open: { total: Long.fromNumber(ctx.cursors.size) } } },
    ok: 1,
  }),
};

export function transactionFieldsRefused(cmd: Document): void {
  if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined || cmd.autocommit !== undefined) {
    throw new MongoCommandError(ErrorCodes.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
  }
}
