// sameValue decides whether an update modified a document: it must agree with comparing the BSON bytes.
import { expect } from 'chai';
import { Binary, BSON, Long, ObjectId, Timestamp, type Document } from 'bson';
import { sameValue } from '../../src/embedded-mongo/storage/values.js';

describe('embedded-mongo sameValue', () => {
  it('agrees with comparing serialised BSON', () => {
    const id = new ObjectId();
    const values: unknown[] = [
      0, -0, 1, 1.5, Number.NaN, 2 ** 40, 'a', 'b', '', true, false, null, undefined, new Date(5), new Date(6), id, new ObjectId(id.toHexString()),
      new ObjectId(), Long.fromString('9007199254740993'), Long.fromString('9007199254740995'), new Binary(Buffer.from('ab')), new Binary(Buffer.from('ac')),
      new Timestamp({ t: 1, i: 2 }), [1, 2], [2, 1], [1, [2]], { x: 1, y: 2 }, { y: 2, x: 1 }, { x: 1 }, { x: { z: [1] } }, { x: { z: [2] } }, [], {},
    ];
    let pairs = 0;
    for (const a of values) {
      for (const b of values) {
        const da: Document = { _id: 1, v: a };
        const db: Document = { _id: 1, v: b };
        const bytes = Buffer.from(BSON.serialize(da)).equals(Buffer.from(BSON.serialize(db)));
        expect(sameValue(da, db), `${String(a)} vs ${String(b)}`).to.equal(bytes);
        pairs++;
      }
    }
    expect(pairs).to.equal(values.length ** 2);
    expect(sameValue({ a: 1, b: 2 }, { a: 1 })).to.equal(false);
  });
});
