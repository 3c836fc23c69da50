// Options the embedded server can't honour. Ignoring them would give silently different results
// (case-insensitive matching, validation, capped collections), so such commands are refused.
import type { Document } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors.js';
import { isPlainObject } from '../storage/values.js';

function refuse(what: string): never {
  throw new MongoCommandError(ErrorCodes.NotImplemented, `${what} is not supported by the embedded MongoDB-compatible server`);
}

function checkCollation(c: unknown): void {
  if (c === undefined || c === null) return;
  if (!isPlainObject(c) || c.locale !== 'simple') refuse('collation (other than {locale: "simple"})');
}

const CREATE_OPTIONS_REFUSED = ['capped', 'timeseries', 'viewOn', 'pipeline', 'validator', 'clusteredIndex', 'encryptedFields'];

export function refuseUnsupportedOptions(name: string, cmd: Document): void {
  checkCollation(cmd.collation);
  for (const list of [cmd.updates, cmd.deletes, cmd.indexes]) {
    if (Array.isArray(list)) for (const item of list) if (isPlainObject(item)) checkCollation(item.collation);
  }
  switch (name) {
    case 'find':
      if (cmd.tailable === true || cmd.awaitData === true) refuse('tailable cursors');
      break;
    case 'create':
      for (const opt of CREATE_OPTIONS_REFUSED) if (cmd[opt] !== undefined && cmd[opt] !== false) refuse(`create with ${opt}`);
      break;
  }
  if (cmd.explain !== undefined && cmd.explain !== false) refuse('explain');
}
