// insert: documents come in the body (insertOne) or as an OP_MSG document sequence (insertMany,
// bulkWrite) — the wire layer merges both into `documents`.
import { ObjectId, type Document } from 'bson';
import { asCommandError, ErrorCodes, MongoCommandError } from '../errors.js';
import { idFirst, isPlainObject } from '../storage/values.js';
import { documentArray, targetCollection, type CommandHandler } from './context.js';

export function prepareForInsert(raw: unknown): Document {
  if (!isPlainObject(raw)) throw new MongoCommandError(ErrorCodes.TypeMismatch, 'document to insert must be an object');
  if (Array.isArray(raw._id)) throw new MongoCommandError(ErrorCodes.BadValue, "can't use an array for _id");
  if (raw._id instanceof RegExp) throw new MongoCommandError(ErrorCodes.BadValue, "can't use a regex for _id");
  return raw._id === undefined ? { _id: new ObjectId(), ...raw } : idFirst(raw);
}

const insert: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'insert');
  const docs = documentArray(cmd, 'documents');
  const ordered = cmd.ordered !== false;
  const coll = ctx.catalog.ensure(db, name);
  let n = 0;
  const writeErrors: Document[] = [];
  for (let i = 0; i < docs.length; i++) {
    try {
      coll.insert(prepareForInsert(docs[i]));
      n++;
    } catch (err) {
      writeErrors.push(asCommandError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

export const insertCommands: Record<string, CommandHandler> = { insert };
