// find, getMore, killCursors.
import type { Document } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { findDocuments } from '../query.js';
import { optionalDocument, optionalNumber, targetCollection, type CommandHandler } from './context.js';

const find: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'find');
  const limit = optionalNumber(cmd, 'limit') ?? 0;
  const docs = findDocuments(ctx.catalog.get(db, name), {
    filter: optionalDocument(cmd, 'filter'),
    sort: optionalDocument(cmd, 'sort'),
    projection: optionalDocument(cmd, 'projection'),
    skip: optionalNumber(cmd, 'skip'),
    limit,
  });
  const singleBatch = cmd.singleBatch === true || limit < 0;
  return ctx.cursors.open(`${db}.${name}`, docs, optionalNumber(cmd, 'batchSize'), singleBatch);
};

const getMore: CommandHandler = (cmd, db, ctx) => {
  const id = cmd.getMore as unknown;
  if (id === undefined || id === null) throw new MongoCommandError(ErrorCodes.TypeMismatch, 'getMore requires a cursor id');
  const collection = targetCollection(cmd, 'collection');
  return ctx.cursors.getMore(id as number, `${db}.${collection}`, optionalNumber(cmd, 'batchSize'));
};

const killCursors: CommandHandler = (cmd, _db, ctx) => {
  const ids = cmd.cursors as unknown;
  if (!Array.isArray(ids)) throw new MongoCommandError(ErrorCodes.TypeMismatch, "'cursors' must be an array");
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 } satisfies Document;
};

export const findCommands: Record<string, CommandHandler> = { find, getmore: getMore, killcursors: killCursors };
