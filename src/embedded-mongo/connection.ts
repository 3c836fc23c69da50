// One client connection: frames the byte stream, runs each request, writes the reply. Every step is
// guarded — a malformed message closes this connection only, and nothing thrown here can reach the
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
  /** Called after every command: makes its changes durable (a no-op when nothing changed). */
  afterWrite(): void;
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

  socket.on('data', (chunk: Buffer) => {
    if (socket.destroyed) return;
    try {
      for (const message of framer.push(chunk)) {
        const reply = handle(parseMessage(message));
        if (reply && !socket.destroyed) socket.write(reply);
      }
    } catch (err) {
      fail(err);
    }
  });
  socket.on('error', (err) => logger?.debug({ err, connectionId }, 'embedded-mongo: socket error'));

  const trace = logger?.isLevelEnabled('trace') ?? false;

  function execute(cmd: Document, db: string): Document {
    const started = trace ? performance.now() : 0;
    const reply = runCommand(cmd, db, ctx);
    const name = Object.keys(cmd)[0];
    // Code 1 means a bug of this server, not a client mistake: worth an error line.
    if (reply.ok === 0 && reply.code === ErrorCodes.InternalError) logger?.error({ command: name, db, errmsg: reply.errmsg }, 'embedded-mongo: internal error');
    if (trace) logger?.trace({ command: name, db, ok: reply.ok, code: reply.code, ms: performance.now() - started, connectionId }, 'embedded-mongo: command');
    try {
      hooks.afterWrite();
    } catch (err) {
      // The change is in memory but not on disk: say so instead of acknowledging it.
      logger?.error({ err }, 'embedded-mongo: journal write failed');
      return asCommandError(err).toReply();
    }
    return reply;
  }

  function handle(req: Request): Buffer | undefined {
    if (req.kind === 'msg') {
      const db = typeof req.command.$db === 'string' ? req.command.$db : 'admin';
      const reply = execute(req.command, db);
      // With moreToCome the client expects no answer; sending one would desynchronise it.
      if (req.flags & MSG_MORE_TO_COME) return undefined;
      return encodeSafely((doc) => encodeOpMsg(req.header.requestId, doc), reply);
    }
    // Legacy OP_QUERY: only commands on `<db>.$cmd` (the driver's first isMaster).
    const dot = req.collection.indexOf('.');
    const db = dot > 0 ? req.collection.slice(0, dot) : req.collection;
    if (!req.collection.endsWith('.$cmd')) {
      return encodeOpReply(req.header.requestId, [{ ok: 0, errmsg: 'OP_QUERY is only supported for commands', code: 352, codeName: 'UnsupportedOpQueryCommand' }]);
    }
    const cmd = (req.query.$query && typeof req.query.$query === 'object' ? req.query.$query : req.query) as Document;
    return encodeSafely((doc) => encodeOpReply(req.header.requestId, [doc]), execute(cmd, db));
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
