// Every mutation of the catalog is described by one of these records. Persistence appends them to
// the journal; a snapshot is the same records for the current state. Each record is idempotent
// (documents are written whole), so replaying a journal over a newer snapshot is harmless.
import type { Document } from 'bson';
import type { IndexSpec } from './hash-index.js';

export type Change =
  | { o: 'p'; d: string; c: string; doc: Document } // put a document (insert or replace)
  | { o: 'r'; d: string; c: string; id: unknown } // remove a document by _id
  | { o: 'cc'; d: string; c: string; opts: Document } // create collection
  | { o: 'dc'; d: string; c: string } // drop collection
  | { o: 'dd'; d: string } // drop database
  | { o: 'ci'; d: string; c: string; spec: IndexSpec } // create index
  | { o: 'di'; d: string; c: string; name: string }; // drop index

export type ChangeSink = (change: Change) => void;
