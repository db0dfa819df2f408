import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { AppError, StorageUnavailableError } from '../../core/errors.js';
import { BulkResultBuilder, planBulk } from '../../core/storage/bulk.js';
import { replaceGroups } from '../../core/storage/mongo/mongoBulk.js';
import { MongoGate, redactMongoUri, toMongoStorageError } from '../../core/storage/mongo/mongoGate.js';
import type { CustomerDoc } from '../../core/storage/mongo/mongoModels.js';

/** Error mapping of the mongoose adapter, checked without a server. */
const { mongo } = mongoose;

function bulkResult(): mongoose.mongo.BulkWriteResult {
  return { upsertedIds: {}, insertedIds: {}, getWriteErrors: () => [] } as unknown as mongoose.mongo.BulkWriteResult;
}

describe('mongo error mapping', () => {
  it('maps network, server-selection and closed-client errors to StorageUnavailableError', () => {
    for (const error of [new mongo.MongoNetworkError('socket closed'), new mongo.MongoNotConnectedError('not connected'), new mongo.MongoTopologyClosedError()]) {
      expect(toMongoStorageError(error, 'op')).toBeInstanceOf(StorageUnavailableError);
    }
  });

  it('sees a network failure through the MongoBulkWriteError the driver wraps it in', () => {
    const wrapped = new mongo.MongoBulkWriteError(new mongo.MongoNetworkError('connection reset'), bulkResult());
    expect(toMongoStorageError(wrapped, 'bulk')).toBeInstanceOf(StorageUnavailableError);
  });

  it('keeps other failures as STORAGE_FAILED and passes AppErrors through', () => {
    const mapped = toMongoStorageError(new Error('boom'), 'op');
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped.code).toBe('STORAGE_FAILED');
    const own = new StorageUnavailableError('x');
    expect(toMongoStorageError(own, 'op')).toBe(own);
  });

  it('never reports rows as written when a bulk write fails as a whole', async () => {
    const failing = {
      bulkWrite: () => Promise.reject(new mongo.MongoBulkWriteError(new mongo.MongoNetworkError('connection reset'), bulkResult())),
    } as unknown as mongoose.mongo.Collection<CustomerDoc>;
    const plan = planBulk([{ id: 'c1', createdAt: new Date() }], () => undefined);
    const gate = new MongoGate('mongodb://h/db');
    const attempt = gate.run('customers.upsertMany', () =>
      replaceGroups(failing, plan.groups, (c) => ({ _id: c.id, createdAt: c.createdAt }), new BulkResultBuilder(plan.rejected)),
    );
    await expect(attempt).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('refuses every operation once the gate is closed', async () => {
    const gate = new MongoGate('mongodb://h/db');
    gate.markClosed();
    await expect(gate.run('op', () => Promise.resolve(1))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
  });

  it('redacts passwords from connection strings', () => {
    expect(redactMongoUri('mongodb://user:s3cr%40t@db1:27017,db2:27017/csbot?authSource=admin')).toBe('mongodb://user:***@db1:27017,db2:27017/csbot?authSource=admin');
    expect(redactMongoUri('mongodb+srv://bot:pw@cluster.example.net/csbot')).toBe('mongodb+srv://bot:***@cluster.example.net/csbot');
    expect(redactMongoUri('mongodb://127.0.0.1:27017/csbot')).toBe('mongodb://127.0.0.1:27017/csbot');
  });
});
