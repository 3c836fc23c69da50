// One client connection: frames the byte stream, runs each request, writes the reply — after the
// command's changes are durable when a data folder is used (group commit: the reply waits for the
// shared fdatasync, the event loop does not). Replies leave in request order. Every step is guarded — a malformed message closes this connection only, and nothing thrown here can reach the
// process's uncaught-exception handler.
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Document } from 'bson';
import { runCommand } from './commands/index.js';
import type { ServerState } from './commands/context.js';
import { asCommandError, ErrorCodes, MongoCommandError } from './errors.js';
import {
  encodeOpMsg, encodeOpReply, MessageFramer, MSG_MORE_TO_COME, parseMessage, ProtocolError, type Request,
} from './wire.js';

export interface ConnectionHooks {
  /**
   * Called after every command: makes its changes durable. Undefined when there is nothing to wait for
   * (no change, or memory only); else a promise that settles once they are on disk.
   */
  afterWrite(): Promise<void> | undefined;
}

type Later<T> = T | Promise<T>;

function then<T, U>(v: Later<T>, f: (x: T) => U): Later<U> {
  return v instanceof Promise ? v.then(f) : f(v);
}

export function serveConnection(socket: Socket, connectionId: number, state: ServerState, hooks: ConnectionHooks, logger?: Logger): void {
  const framer = new MessageFramer();
  const ctx = { ...state, connectionId };
  socket.setNoDelay(true);

  const fail = (err: unknown): void => {
    const protocol = err instanceof ProtocolError;
    logger?.[protocol ? 'warn' : 'error']({ err, connectionId }, protocol ? 'embedded-mongo: closing connection after a malformed message' : 'embedded-mongo: connection failed');
    socket.destroy();
  };

  // Replies still waiting for the disk; later replies queue behind them to keep the order.
  let queue: Promise<void> | undefined;
  let queued = 0;
  const send = (reply: Later<Buffer | undefined>): void => {
    if (!(reply instanceof Promise) && queued === 0) {
      if (reply && !socket.destroyed) socket.write(reply);
      return;
    }
    queued += 1;
    queue = (queue ?? Promise.resolve())
      .then(() => reply)
      .then((buf) => {
        if (buf && !socket.destroyed) socket.write(buf);
      })
      .catch(fail)
      .finally(() => {
        queued -= 1;
      });
  };

  socket.on('data', (chunk: Buffer) => {
    if (socket.destroyed) return;
    try {
      for (const message of framer.push(chunk)) send(handle(parseMessage(message)));
    } catch (err) {
      fail(err);
    }
  });
  socket.on('error', (err) => logger?.debug({ err, connectionId }, 'embedded-mongo: socket error'));

  const trace = logger?.isLevelEnabled('trace') ?? false;

  function execute(cmd: Document, db: string): Later<Document> {
    const started = trace ? performance.now() : 0;
    const reply = runCommand(cmd, db, ctx);
    const name = Object.keys(cmd)[0];
    // Code 1 means a bug of this server, not a client mistake: worth an error line.
    if (reply.ok === 0 && reply.code === ErrorCodes.InternalError) logger?.error({ command: name, db, errmsg: reply.errmsg }, 'embedded-mongo: internal error');
    if (trace) logger?.trace({ command: name, db, ok: reply.ok, code: reply.code, ms: performance.now() - started, connectionId }, 'embedded-mongo: command');
    // The change is in memory but not on disk: say so instead of acknowledging it.
    const notDurable = (err: unknown): Document => {
      logger?.error({ err }, 'embedded-mongo: journal write failed');
      return asCommandError(err).toReply();
    };
    let durable: Promise<void> | undefined;
    try {
      durable = hooks.afterWrite();
    } catch (err) {
      return notDurable(err);
    }
    return durable ? durable.then(() => reply, notDurable) : reply;
  }

  function handle(req: Request): Later<Buffer | undefined> {
    if (req.kind === 'msg') {
      const db = typeof req.command.$db === 'string' ? req.command.$db : 'admin';
      const reply = execute(req.command, db);
      // With moreToCome the client expects no answer; sending one would desynchronise it.
      if (req.flags & MSG_MORE_TO_COME) return undefined;
      return then(reply, (doc) => encodeSafely((d) => encodeOpMsg(req.header.requestId, d), doc));
    }
    // Legacy OP_QUERY: only commands on `<db>.$cmd` (the driver's first isMaster).
    const dot = req.collection.indexOf('.');
    const db = dot > 0 ? req.collection.slice(0, dot) : req.collection;
    if (!req.collection.endsWith('.$cmd')) {
      return encodeOpReply(req.header.requestId, [{ ok: 0, errmsg: 'OP_QUERY is only supported for commands', code: 352, codeName: 'UnsupportedOpQueryCommand' }]);
    }
    const cmd = (req.query.$query && typeof req.query.$query === 'object' ? req.query.$query : req.query) as Document;
    return then(execute(cmd, db), (doc) => encodeSafely((d) => encodeOpReply(req.header.requestId, [d]), doc));
  }

  /** A reply that can't be encoded (too large) becomes an error reply rather than a dead connection. */
  function encodeSafely(encode: (doc: Document) => Buffer, reply: Document): Buffer {
    try {
      return encode(reply);
    } catch (err) {
      logger?.warn({ err, connectionId }, 'embedded-mongo: reply could not be encoded');
      return encode(new MongoCommandError(ErrorCodes.BSONObjectTooLarge, `reply could not be encoded: ${(err as Error).message}`).toReply());
    }
  }
}
