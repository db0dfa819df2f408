import mongoose from 'mongoose';
import type { AuditEntry, AuditLogRepository, AuditQuery } from '../consoleTypes.js';
import { assertAuditEntry, assertAuditQuery } from '../consoleValidation.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { Page } from '../types.js';
import type { AuditEntryDoc } from './mongoConsoleModels.js';
import { isDuplicateKeyCode, type MongoGate } from './mongoGate.js';
import { withoutUndefined } from './mongoModels.js';

function toEntry(doc: AuditEntryDoc): AuditEntry {
  const { _id, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest });
}

/** Inserts a document whose id may exist already: the first write wins, as with the SQLite `ON CONFLICT DO NOTHING`. */
export async function insertOnce<T extends { _id: string }>(gate: MongoGate, operation: string, collection: mongoose.mongo.Collection<T>, doc: T): Promise<void> {
  await gate.run(operation, async () => {
    try {
      await collection.insertOne(doc as mongoose.mongo.OptionalUnlessRequiredId<T>);
    } catch (error) {
      if (!(error instanceof mongoose.mongo.MongoServerError && isDuplicateKeyCode(error.code))) throw error;
    }
  });
}

export class MongoAuditLogRepository implements AuditLogRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<AuditEntryDoc>,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    assertAuditEntry(entry);
    const { id, details, ...rest } = entry;
    await insertOnce(this.gate, 'auditLog.append', this.collection, withoutUndefined({ _id: id, ...rest, details: details === undefined ? undefined : { ...details } }));
  }

  async list(query: AuditQuery = {}): Promise<Page<AuditEntry>> {
    const limit = resolvePageLimit(query.limit);
    assertAuditQuery(query);
    const filter: mongoose.mongo.Filter<AuditEntryDoc> = withoutUndefined({
      actorId: query.actorId,
      action: query.action,
      targetType: query.targetType,
      targetId: query.targetId,
    });
    const at = withoutUndefined({ $gte: query.since, $lt: query.until });
    if (Object.keys(at).length > 0) filter.at = at;
    if (query.cursor !== undefined) {
      const [ms, id] = decodeCursor(query.cursor, ['number', 'string']);
      const before = new Date(ms as number);
      filter.$or = [{ at: { $lt: before } }, { at: before, _id: { $lt: id as string } }];
    }
    const docs = await this.gate.run('auditLog.list', () => this.collection.find(filter).sort({ at: -1, _id: -1 }).limit(limit + 1).toArray());
    return toPage(docs.map(toEntry), limit, (e) => [e.at.getTime(), e.id]);
  }
}
