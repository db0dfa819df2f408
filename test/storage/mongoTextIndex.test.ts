import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { registerModels } from '../../core/storage/mongo/mongoModels.js';

/**
 * The inbox's full-text search on MongoDB needs a text index over transcript text, created by syncIndexes at open.
 * The test double accepts and ignores text indexes, so the declaration is checked here, without a server.
 */
describe('mongoose transcript schema', () => {
  const connection = mongoose.createConnection();
  afterAll(() => connection.close());

  it('declares the text index and the intent and sentiment indexes the inbox queries use', () => {
    const indexes = registerModels(connection).transcripts.schema.indexes().map(([fields]) => fields);
    expect(indexes).toContainEqual({ text: 'text' });
    expect(indexes).toContainEqual({ 'nlu.intent': 1, conversationId: 1 });
    expect(indexes).toContainEqual({ 'nlu.sentiment': 1, conversationId: 1 });
  });
});
