// What every command handler gets: the shared server state plus the calling connection.
import type { Document } from 'bson';
import type { CursorStore } from '../cursors.js';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import type { Catalog } from '../storage/catalog.js';

export interface ServerState {
  catalog: Catalog;
  cursors: CursorStore;
  startedAt: Date;
}

export interface CommandContext extends ServerState {
  connectionId: number;
}

export type CommandHandler = (cmd: Document, db: string, ctx: CommandContext) => Document;

/** The collection name a command targets (the value of its first field). */
export function targetCollection(cmd: Document, field: string): string {
  const name = cmd[field] as unknown;
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `collection name has invalid type ${typeof name}`);
  }
  return name;
}

export function optionalDocument(cmd: Document, field: string): Document | undefined {
  const v = cmd[field] as unknown;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new MongoCommandError(ErrorCodes.TypeMismatch, `'${field}' must be an object`);
  return v as Document;
}

export function optionalNumber(cmd: Document, field: string): number | undefined {
  const v = cmd[field] as unknown;
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'object' ? Number(v) : v; // Long / Int32 wrappers
  if (typeof n !== 'number' || Number.isNaN(n)) throw new MongoCommandError(ErrorCodes.TypeMismatch, `'${field}' must be a number`);
  return n;
}

export function documentArray(cmd: Document, field: string): Document[] {
  const v = cmd[field] as unknown;
  if (!Array.isArray(v)) throw new MongoCommandError(ErrorCodes.TypeMismatch, `'${field}' must be an array`);
  return v as Document[];
}

/** Fields any command may carry that don't change what it does here (sessions, concerns, API). */
export const GENERIC_FIELDS = new Set([
  '$db', 'lsid', '$clusterTime', '$readPreference', 'readConcern', 'writeConcern', 'apiVersion', 'apiStrict',
  'apiDeprecationErrors', 'maxTimeMS', 'comment', '$audit', 'mayBypassWriteBlocking',
]);

/** A command's own options: everything but its name field and the generic fields. */
export function commandOptions(cmd: Document): Document {
  const out: Document = {};
  const [, ...rest] = Object.keys(cmd);
  for (const k of rest) if (!GENERIC_FIELDS.has(k)) out[k] = cmd[k];
  return out;
}
