import mongoose from 'mongoose';
import type { BulkGroup, BulkResultBuilder } from '../bulk.js';
import { isDuplicateKeyCode, writeErrorsOf } from './mongoGate.js';

const { mongo } = mongoose;

/**
 * Writes one replace-with-upsert per group in a single unordered bulkWrite and books each group as
 * inserted (upserted), updated (matched) or rejected (duplicate key on a unique index → CONFLICT).
 * Any other failure is rethrown.
 */
export async function replaceGroups<T extends { _id: string }, R>(
  collection: mongoose.mongo.Collection<T>,
  groups: BulkGroup<R>[],
  toDoc: (row: R) => T,
  result: BulkResultBuilder,
): Promise<void> {
  if (groups.length === 0) return;
  const operations = groups.map((group) => {
    const doc = toDoc(group.row);
    return { replaceOne: { filter: { _id: doc._id } as mongoose.mongo.Filter<T>, replacement: doc as mongoose.mongo.WithoutId<T>, upsert: true } };
  });
  let upserted: Record<number, unknown>;
  const failed = new Map<number, string>();
  try {
    const outcome = await collection.bulkWrite(operations as mongoose.mongo.AnyBulkWriteOperation<T>[], { ordered: false });
    upserted = outcome.upsertedIds;
  } catch (error) {
    if (!(error instanceof mongo.MongoBulkWriteError) || error.err !== undefined) throw error;
    const writeErrors = writeErrorsOf(error);
    if (writeErrors.length === 0) throw error;
    for (const writeError of writeErrors) {
      if (!isDuplicateKeyCode(writeError.code)) throw error;
      failed.set(writeError.index, writeError.errmsg ?? 'duplicate key');
    }
    upserted = error.result.upsertedIds;
  }
  groups.forEach((group, index) => {
    const problem = failed.get(index);
    if (problem !== undefined) result.reject(group, 'CONFLICT', `unique value already used by another record: ${problem}`);
    else result.written(group, Object.prototype.hasOwnProperty.call(upserted, index));
  });
}

/** Which of `ids` exist in `collection`: one `$in` query per call. */
export async function existingIds<T extends { _id: string }>(collection: mongoose.mongo.Collection<T>, ids: Iterable<string>): Promise<Set<string>> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return new Set();
  const filter = { _id: { $in: distinct } } as mongoose.mongo.Filter<T>;
  const found = await collection.find(filter, { projection: { _id: 1 } }).toArray();
  return new Set(found.map((doc) => String(doc._id)));
}
