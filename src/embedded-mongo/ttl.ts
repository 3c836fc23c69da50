// TTL indexes: documents whose indexed date (the earliest, for an array of dates) is older than
// expireAfterSeconds are removed by a periodic sweep, as MongoDB's TTL monitor does.
import type { Catalog } from './storage/catalog.js';
import { pathValues } from './storage/values.js';

export function reapExpired(catalog: Catalog, now: Date): number {
  let removed = 0;
  for (const coll of catalog.allCollections()) {
    for (const index of coll.indexes.values()) {
      const seconds = index.spec.expireAfterSeconds;
      if (seconds === undefined) continue;
      const field = index.fields[0];
      const cutoff = now.getTime() - seconds * 1000;
      for (const doc of [...coll.docs.values()]) {
        const dates = pathValues(doc, field).filter((v): v is Date => v instanceof Date);
        if (dates.length && Math.min(...dates.map((d) => d.getTime())) <= cutoff && coll.remove(doc)) removed++;
      }
    }
  }
  return removed;
}
