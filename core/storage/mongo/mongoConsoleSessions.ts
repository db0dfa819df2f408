import type mongoose from 'mongoose';
import { ConflictError } from '../../errors.js';
import type { ConsoleSession, ConsoleSessionRepository } from '../consoleTypes.js';
import { assertConsoleSession } from '../consoleValidation.js';
import { assertId, assertOptionalDate } from '../validation.js';
import type { ConsoleSessionDoc } from './mongoConsoleModels.js';
import { runWithConflict } from './mongoConsoleUsers.js';
import type { MongoGate } from './mongoGate.js';
import { withoutUndefined } from './mongoModels.js';

function toSession(doc: ConsoleSessionDoc): ConsoleSession {
  const { _id, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest });
}

export class MongoConsoleSessionRepository implements ConsoleSessionRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<ConsoleSessionDoc>,
  ) {}

  async create(session: ConsoleSession): Promise<void> {
    assertConsoleSession(session);
    const { id, ...rest } = session;
    await runWithConflict(
      this.gate,
      'consoleSessions.create',
      () => this.collection.insertOne(withoutUndefined({ _id: id, ...rest })),
      () => new ConflictError('Session id exists'),
    );
  }

  async get(id: string): Promise<ConsoleSession | undefined> {
    assertId(id);
    const doc = await this.gate.run('consoleSessions.get', () => this.collection.findOne({ _id: id }));
    return doc === null ? undefined : toSession(doc);
  }

  async touch(id: string, lastSeenAt: Date): Promise<void> {
    assertId(id);
    assertOptionalDate(lastSeenAt, 'lastSeenAt');
    await this.gate.run('consoleSessions.touch', () => this.collection.updateOne({ _id: id }, { $set: { lastSeenAt } }));
  }

  async delete(id: string): Promise<void> {
    assertId(id);
    await this.gate.run('consoleSessions.delete', () => this.collection.deleteOne({ _id: id }));
  }

  async deleteForUser(userId: string): Promise<number> {
    assertId(userId, 'userId');
    const result = await this.gate.run('consoleSessions.deleteForUser', () => this.collection.deleteMany({ userId }));
    return result.deletedCount;
  }

  async deleteExpired(now: Date, lastSeenBefore: Date): Promise<number> {
    assertOptionalDate(now, 'now');
    assertOptionalDate(lastSeenBefore, 'lastSeenBefore');
    const result = await this.gate.run('consoleSessions.deleteExpired', () =>
      this.collection.deleteMany({ $or: [{ expiresAt: { $lte: now } }, { lastSeenAt: { $lt: lastSeenBefore } }] }),
    );
    return result.deletedCount;
  }
}
