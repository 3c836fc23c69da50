// update and delete: one statement at a time; ordered batches stop at the first failing statement.
import type { Document } from 'bson';
import { asCommandError, ErrorCodes, MongoCommandError } from '../errors.js';
import { cleanSort, findDocuments, matching, project } from '../query.js';
import type { Collection } from '../storage/collection.js';
import { applyUpdate, upsertDocument, type UpdateSpec } from '../update.js';
import { sameValue } from '../storage/values.js';
import { documentArray, targetCollection, type CommandHandler } from './context.js';

/** Whether an update left the document as it was (compared without serialising either version). */
export function sameDocument(a: Document, b: Document): boolean {
  return sameValue(a, b);
}

/** The stored documents a single-document write targets: the first match, in `sort` order if given. */
export function firstMatch(coll: Collection | undefined, filter: Document | undefined, sort: Document | undefined): Document | undefined {
  if (!coll) return undefined;
  if (!cleanSort(sort)) return matching(coll, filter, 1)[0];
  const found = findDocuments(coll, { filter, sort, limit: 1 })[0];
  return found ? coll.getById(found._id) : undefined;
}

interface UpdateTotals {
  n: number;
  nModified: number;
}

/**
 * Runs one update statement, adding to `totals` as documents change so that a multi-update failing
 * half-way (a duplicate key) still reports what it did. Returns the upserted `_id`, if any.
 */
function updateStatement(coll: Collection | undefined, create: () => Collection, stmt: Document, totals: UpdateTotals): unknown {
  const filter = (stmt.q ?? {}) as Document;
  const u = stmt.u as UpdateSpec;
  if (u === undefined) throw new MongoCommandError(ErrorCodes.FailedToParse, "update statement requires 'u'");
  const arrayFilters = stmt.arrayFilters as Document[] | undefined;
  const multi = stmt.multi === true;
  if (multi && !Array.isArray(u) && Object.keys(u).length > 0 && !Object.keys(u)[0].startsWith('$')) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update');
  }
  const targets = multi ? matching(coll, filter) : [firstMatch(coll, filter, stmt.sort as Document | undefined)].filter((d): d is Document => !!d);
  if (targets.length === 0) {
    if (stmt.upsert !== true) return undefined;
    const doc = upsertDocument(filter, u, arrayFilters);
    create().insert(doc);
    totals.n += 1;
    return doc._id;
  }
  for (const doc of targets) {
    const next = applyUpdate(doc, u, { arrayFilters, filter });
    if (!sameDocument(doc, next)) {
      coll?.replace(doc, next);
      totals.nModified += 1;
    }
    totals.n += 1;
  }
  return undefined;
}

const update: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'update');
  const statements = documentArray(cmd, 'updates');
  const ordered = cmd.ordered !== false;
  const create = (): Collection => ctx.catalog.ensure(db, name);
  const totals: UpdateTotals = { n: 0, nModified: 0 };
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  statements.forEach((stmt, index) => {
    if (ordered && writeErrors.length) return;
    try {
      const id = updateStatement(ctx.catalog.get(db, name), create, stmt, totals);
      if (id !== undefined) upserted.push({ index, _id: id });
    } catch (err) {
      writeErrors.push(asCommandError(err).toWriteError(index));
    }
  });
  const reply: Document = { n: totals.n, nModified: totals.nModified, ok: 1 };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  return reply;
};

const del: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'delete');
  const statements = documentArray(cmd, 'deletes');
  const ordered = cmd.ordered !== false;
  const coll = ctx.catalog.get(db, name);
  let n = 0;
  const writeErrors: Document[] = [];
  statements.forEach((stmt, index) => {
    if (ordered && writeErrors.length) return;
    try {
      const filter = (stmt.q ?? {}) as Document;
      const limit = Number(stmt.limit ?? 0);
      if (!coll) return;
      const targets = limit === 1 ? [firstMatch(coll, filter, stmt.sort as Document | undefined)].filter((d): d is Document => !!d) : matching(coll, filter);
      for (const doc of targets) coll.remove(doc);
      n += targets.length;
    } catch (err) {
      writeErrors.push(asCommandError(err).toWriteError(index));
    }
  });
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

const findAndModify: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, Object.keys(cmd)[0]);
  const filter = (cmd.query ?? {}) as Document;
  const fields = cmd.fields as Document | undefined;
  const shaped = (doc: Document | undefined): Document | null => {
    if (!doc) return null;
    return project([doc], fields)[0] ?? null;
  };
  if (cmd.remove === true) {
    if (cmd.update !== undefined) throw new MongoCommandError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true');
    const coll = ctx.catalog.get(db, name);
    const doc = firstMatch(coll, filter, cmd.sort as Document | undefined);
    if (coll && doc) coll.remove(doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: shaped(doc), ok: 1 };
  }
  const u = cmd.update as UpdateSpec | undefined;
  if (u === undefined) throw new MongoCommandError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified');
  const coll = ctx.catalog.get(db, name);
  const arrayFilters = cmd.arrayFilters as Document[] | undefined;
  const doc = firstMatch(coll, filter, cmd.sort as Document | undefined);
  if (!coll || !doc) {
    if (cmd.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const created = upsertDocument(filter, u, arrayFilters);
    ctx.catalog.ensure(db, name).insert(created);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: created._id }, value: cmd.new === true ? shaped(created) : null, ok: 1 };
  }
  const next = applyUpdate(doc, u, { arrayFilters, filter });
  if (!sameDocument(doc, next)) coll.replace(doc, next);
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: shaped(cmd.new === true ? next : doc), ok: 1 };
};

export const writeCommands: Record<string, CommandHandler> = {
  update,
  delete: del,
  findandmodify: findAndModify,
};
