import type mongoose from 'mongoose';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { ApiToken, ApiTokenRepository } from '../consoleTypes.js';
import { assertApiToken } from '../consoleValidation.js';
import { assertId, assertOptionalDate } from '../validation.js';
import type { ApiTokenDoc } from './mongoConsoleModels.js';
import { runWithConflict } from './mongoConsoleUsers.js';
import type { MongoGate } from './mongoGate.js';
import { withoutUndefined } from './mongoModels.js';

function toToken(doc: ApiTokenDoc): ApiToken {
  const { _id, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest });
}

export class MongoApiTokenRepository implements ApiTokenRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<ApiTokenDoc>,
  ) {}

  async create(token: ApiToken): Promise<void> {
    assertApiToken(token);
    const { id, ...rest } = token;
    await runWithConflict(
      this.gate,
      'apiTokens.create',
      () => this.collection.insertOne(withoutUndefined({ _id: id, ...rest })),
      () => new ConflictError(`API token ${id} exists`, { details: { id } }),
    );
  }

  async get(id: string): Promise<ApiToken | undefined> {
    assertId(id);
    const doc = await this.gate.run('apiTokens.get', () => this.collection.findOne({ _id: id }));
    return doc === null ? undefined : toToken(doc);
  }

  async getByHash(tokenHash: string): Promise<ApiToken | undefined> {
    assertId(tokenHash, 'tokenHash');
    const doc = await this.gate.run('apiTokens.getByHash', () => this.collection.findOne({ tokenHash }));
    return doc === null ? undefined : toToken(doc);
  }

  async listForUser(userId: string): Promise<ApiToken[]> {
    assertId(userId, 'userId');
    const docs = await this.gate.run('apiTokens.listForUser', () => this.collection.find({ userId }).sort({ createdAt: -1, _id: -1 }).toArray());
    return docs.map(toToken);
  }

  async revoke(id: string, at: Date): Promise<ApiToken> {
    assertId(id);
    assertOptionalDate(at, 'at');
    return this.gate.run('apiTokens.revoke', async () => {
      await this.collection.updateOne({ _id: id, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
      const doc = await this.collection.findOne({ _id: id });
      if (doc === null) throw new NotFoundError(`API token ${id} not found`, { details: { id } });
      return toToken(doc);
    });
  }

  async revokeForUser(userId: string, at: Date): Promise<number> {
    assertId(userId, 'userId');
    assertOptionalDate(at, 'at');
    const result = await this.gate.run('apiTokens.revokeForUser', () => this.collection.updateMany({ userId, revokedAt: { $exists: false } }, { $set: { revokedAt: at } }));
    return result.modifiedCount;
  }

  async touch(id: string, lastUsedAt: Date): Promise<void> {
    assertId(id);
    assertOptionalDate(lastUsedAt, 'lastUsedAt');
    await this.gate.run('apiTokens.touch', () => this.collection.updateOne({ _id: id }, { $set: { lastUsedAt } }));
  }
}
