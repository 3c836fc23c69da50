// Collections and indexes: create, drop, createIndexes, listIndexes, dropIndexes, listCollections.
import { BSON, type Document } from 'bson';
import { Query } from 'mingo';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { mingoOptions } from '../query.js';
import { ID_INDEX, type Collection } from '../storage/collection.js';
import { validateIndexSpec } from '../storage/hash-index.js';
import { keyOf } from '../storage/values.js';
import { commandOptions, documentArray, optionalDocument, targetCollection, type CommandHandler } from './context.js';

const create: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'create');
  ctx.catalog.create(db, name, commandOptions(cmd));
  return { ok: 1 };
};

const drop: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'drop');
  const coll = ctx.catalog.get(db, name);
  if (!coll) return { ok: 1 }; // MongoDB 7 answers ok for a missing collection
  const nIndexesWas = coll.indexes.size + 1;
  ctx.catalog.drop(db, name);
  return { nIndexesWas, ns: coll.ns, ok: 1 };
};

function sameKey(a: Document, b: Document): boolean {
  return keyOf(a) === keyOf(b);
}

const createIndexes: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'createIndexes');
  const specs = documentArray(cmd, 'indexes').map(validateIndexSpec);
  const existed = ctx.catalog.get(db, name);
  const coll = existed ?? ctx.catalog.ensure(db, name);
  const before = coll.indexes.size + 1;
  for (const spec of specs) {
    const all = coll.indexSpecs();
    const byName = all.find((s) => s.name === spec.name);
    if (byName) {
      if (!sameKey(byName.key, spec.key)) {
        throw new MongoCommandError(ErrorCodes.IndexKeySpecsConflict, `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(byName)}`);
      }
      if (byName.name !== ID_INDEX.name && !sameOptions(byName, spec)) {
        throw new MongoCommandError(ErrorCodes.IndexOptionsConflict, `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}`);
      }
      continue;
    }
    const byKey = all.find((s) => sameKey(s.key, spec.key));
    if (byKey && (byKey.name === ID_INDEX.name || sameOptions(byKey, spec))) continue;
    if (byKey) {
      throw new MongoCommandError(ErrorCodes.IndexOptionsConflict, `An existing index has the same key pattern but different options or name: ${byKey.name}`);
    }
    coll.createIndex(spec);
  }
  const after = coll.indexes.size + 1;
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: after, createdCollectionAutomatically: !existed, ok: 1 };
  if (before === after) reply.note = 'all indexes already exist';
  return reply;
};

function sameOptions(a: Document, b: Document): boolean {
  return !!a.unique === !!b.unique && !!a.sparse === !!b.sparse && a.expireAfterSeconds === b.expireAfterSeconds &&
    keyOf(a.partialFilterExpression ?? null) === keyOf(b.partialFilterExpression ?? null);
}

function requireCollection(coll: Collection | undefined, ns: string): Collection {
  if (!coll) throw new MongoCommandError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ns}`);
  return coll;
}

const listIndexes: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'listIndexes');
  const coll = requireCollection(ctx.catalog.get(db, name), `${db}.${name}`);
  const cursor = optionalDocument(cmd, 'cursor') ?? {};
  return ctx.cursors.open(`${db}.$cmd.listIndexes.${name}`, coll.indexSpecs(), Number(cursor.batchSize ?? 0) || undefined);
};

const dropIndexes: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'dropIndexes');
  const coll = requireCollection(ctx.catalog.get(db, name), `${db}.${name}`);
  const nIndexesWas = coll.indexes.size + 1;
  const which = cmd.index as unknown;
  const names: string[] = [];
  if (which === '*') names.push(...coll.indexes.keys());
  else if (typeof which === 'string') names.push(which);
  else if (Array.isArray(which)) names.push(...which.map(String));
  else if (which && typeof which === 'object') {
    const found = coll.indexSpecs().find((s) => sameKey(s.key, which as Document));
    if (!found) throw new MongoCommandError(ErrorCodes.IndexNotFound, `can't find index with key: ${JSON.stringify(which)}`);
    names.push(found.name);
  } else throw new MongoCommandError(ErrorCodes.TypeMismatch, "'index' must be a name, a key pattern, an array of names or '*'");
  for (const n of names) {
    if (n === ID_INDEX.name) throw new MongoCommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    if (!coll.indexes.has(n)) throw new MongoCommandError(ErrorCodes.IndexNotFound, `index not found with name [${n}]`);
  }
  for (const n of names) coll.dropIndex(n);
  return { nIndexesWas, ok: 1 };
};

const listCollections: CommandHandler = (cmd, db, ctx) => {
  const filter = optionalDocument(cmd, 'filter');
  const nameOnly = cmd.nameOnly === true;
  let infos: Document[] = ctx.catalog.collections(db).map((c) => ({
    name: c.name,
    type: 'collection',
    options: c.options,
    info: { readOnly: false, uuid: c.uuid },
    idIndex: ID_INDEX,
  }));
  if (filter && Object.keys(filter).length) {
    const q = new Query(filter, mingoOptions());
    infos = infos.filter((i) => q.test(i));
  }
  if (nameOnly) infos = infos.map((i) => ({ name: i.name, type: i.type }));
  const cursor = optionalDocument(cmd, 'cursor') ?? {};
  return ctx.cursors.open(`${db}.$cmd.listCollections`, infos, Number(cursor.batchSize ?? 0) || undefined);
};

function splitNamespace(ns: unknown): [string, string] {
  const s = typeof ns === 'string' ? ns : '';
  const dot = s.indexOf('.');
  if (dot <= 0 || dot === s.length - 1) throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${s}'`);
  return [s.slice(0, dot), s.slice(dot + 1)];
}

const renameCollection: CommandHandler = (cmd, db, ctx) => {
  if (db !== 'admin') throw new MongoCommandError(13, 'renameCollection may only be run against the admin database.');
  const [fromDb, fromName] = splitNamespace(cmd.renameCollection);
  const [toDb, toName] = splitNamespace(cmd.to);
  const source = requireCollection(ctx.catalog.get(fromDb, fromName), `${fromDb}.${fromName}`);
  if (fromDb === toDb && fromName === toName) throw new MongoCommandError(ErrorCodes.IllegalOperation, `Can't rename a collection to itself`);
  if (ctx.catalog.get(toDb, toName)) {
    if (cmd.dropTarget !== true) throw new MongoCommandError(ErrorCodes.NamespaceExists, `target namespace exists`);
    ctx.catalog.drop(toDb, toName);
  }
  const target = ctx.catalog.create(toDb, toName, source.options);
  for (const index of source.indexes.values()) target.createIndex(index.spec);
  for (const doc of source.docs.values()) target.insert(doc);
  ctx.catalog.drop(fromDb, fromName);
  return { ok: 1 };
};

function collectionSizes(coll: Collection): { count: number; size: number } {
  let size = 0;
  for (const doc of coll.docs.values()) size += BSON.calculateObjectSize(doc);
  return { count: coll.size, size };
}

const dbStats: CommandHandler = (cmd, db, ctx) => {
  const colls = ctx.catalog.collections(db);
  const scale = Number(cmd.scale ?? 1) || 1;
  let objects = 0;
  let dataSize = 0;
  for (const c of colls) {
    const s = collectionSizes(c);
    objects += s.count;
    dataSize += s.size;
  }
  const indexes = colls.reduce((n, c) => n + c.indexes.size + 1, 0);
  return {
    db, collections: colls.length, views: 0, objects, avgObjSize: objects ? dataSize / objects : 0,
    dataSize: dataSize / scale, storageSize: dataSize / scale, indexes, indexSize: 0, totalSize: dataSize / scale, scaleFactor: scale, ok: 1,
  };
};

const collStats: CommandHandler = (cmd, db, ctx) => {
  const name = targetCollection(cmd, 'collStats');
  const coll = requireCollection(ctx.catalog.get(db, name), `${db}.${name}`);
  const { count, size } = collectionSizes(coll);
  const indexSizes: Document = {};
  for (const spec of coll.indexSpecs()) indexSizes[spec.name] = 0;
  return { ns: coll.ns, count, size, avgObjSize: count ? size / count : 0, storageSize: size, nindexes: coll.indexes.size + 1, totalIndexSize: 0, indexSizes, ok: 1 };
};

export const ddlCommands: Record<string, CommandHandler> = {
  renamecollection: renameCollection,
  dbstats: dbStats,
  collstats: collStats,
  create,
  drop,
  createindexes: createIndexes,
  listindexes: listIndexes,
  dropindexes: dropIndexes,
  deleteindexes: dropIndexes,
  listcollections: listCollections,
};
