// Command dispatch: the command name is the first field of the document, matched case-insensitively
// (drivers send both `isMaster` and `ismaster`, `findAndModify` and `findandmodify`).
import type { Document } from 'bson';
import { asCommandError, ErrorCodes, MongoCommandError } from '../errors.js';
import { adminCommands, transactionFieldsRefused } from './admin.js';
import { aggregateCommands } from './aggregate.js';
import type { CommandContext, CommandHandler } from './context.js';
import { ddlCommands } from './ddl.js';
import { findCommands } from './find.js';
import { insertCommands } from './insert.js';
import { refuseUnsupportedOptions } from './unsupported.js';
import { writeCommands } from './write.js';

const handlers = new Map<string, CommandHandler>(
  Object.entries({ ...adminCommands, ...insertCommands, ...findCommands, ...writeCommands, ...aggregateCommands, ...ddlCommands }),
);

export function commandName(cmd: Document): string {
  return Object.keys(cmd)[0] ?? '';
}

/** Runs one command; failures become `ok: 0` replies, never exceptions. */
export function runCommand(cmd: Document, db: string, ctx: CommandContext): Document {
  const name = commandName(cmd);
  try {
    transactionFieldsRefused(cmd);
    const handler = handlers.get(name.toLowerCase());
    if (!handler) throw new MongoCommandError(ErrorCodes.CommandNotFound, `no such command: '${name}'`);
    refuseUnsupportedOptions(name.toLowerCase(), cmd);
    return handler(cmd, db, ctx);
  } catch (err) {
    return asCommandError(err).toReply();
  }
}
