// All databases and their collections. Databases exist while they hold a collection, as in MongoDB.
import type { Document } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import type { Change, ChangeSink } from './changes.js';
import { Collection } from './collection.js';

export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  /** Where changes go (the journal); replaced by persistence when a data folder is used. */
  sink: ChangeSink = () => {};

  private readonly emit: ChangeSink = (c) => this.sink(c);

  databaseNames(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  allCollections(): Collection[] {
    return [...this.dbs.values()].flatMap((m) => [...m.values()]);
  }

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created implicitly (as inserts and createIndexes do) when missing. */
  ensure(db: string, name: string, options: Document = {}): Collection {
    return this.get(db, name) ?? this.create(db, name, options);
  }

  create(db: string, name: string, options: Document = {}): Collection {
    validateNames(db, name);
    if (this.get(db, name)) throw new MongoCommandError(ErrorCodes.NamespaceExists, `Collection ${db}.${name} already exists.`);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new Collection(db, name, options, this.emit);
    colls.set(name, coll);
    this.emit({ o: 'cc', d: db, c: name, opts: options });
    return coll;
  }

  drop(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.has(name)) return false;
    colls.delete(name);
    if (colls.size === 0) this.dbs.delete(db);
    this.emit({ o: 'dc', d: db, c: name });
    return true;
  }

  dropDatabase(db: string): boolean {
    if (!this.dbs.has(db)) return false;
    this.dbs.delete(db);
    this.emit({ o: 'dd', d: db });
    return true;
  }

  /** Re-applies a recorded change (loading from disk): no checks beyond what keeps indexes right. */
  replay(change: Change): void {
    switch (change.o) {
      case 'cc':
        if (!this.get(change.d, change.c)) this.create(change.d, change.c, change.opts);
        break;
      case 'dc':
        this.drop(change.d, change.c);
        break;
      case 'dd':
        this.dropDatabase(change.d);
        break;
      case 'ci':
        // Replayed over a newer snapshot, an index may meet documents a later record fixes up.
        this.ensure(change.d, change.c).createIndex(change.spec, { force: true });
        break;
      case 'di':
        this.get(change.d, change.c)?.dropIndex(change.name);
        break;
      case 'p':
        this.ensure(change.d, change.c).forcePut(change.doc);
        break;
      case 'r': {
        const coll = this.get(change.d, change.c);
        const old = coll?.getById(change.id);
        if (coll && old) coll.remove(old);
        break;
      }
    }
  }
}

function validateNames(db: string, coll: string): void {
  if (!db || /[/\\. "$\0]/.test(db) || db.length > 63) throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid database name: '${db}'`);
  if (!coll || coll.includes('\0') || coll.startsWith('$') || coll.startsWith('.')) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid collection name: '${coll}'`);
  }
}
