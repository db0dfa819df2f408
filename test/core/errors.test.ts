import { describe, expect, it } from 'vitest';
import { AppError, DataFileError, ModelNotTrainedError, NotFoundError, toAppError } from '../../core/errors.js';

describe('AppError family', () => {
  it('carries a code and the HTTP status for that code', () => {
    const error = new NotFoundError('order 12 not found');
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.name).toBe('NotFoundError');
  });

  it('names the file and the entry of a broken data file', () => {
    const error = new DataFileError('nlu/data/intents.yml', 'intents[3].examples', 'must not be empty');
    expect(error.message).toBe('nlu/data/intents.yml (intents[3].examples): must not be empty');
    expect(error.details).toMatchObject({ file: 'nlu/data/intents.yml', entry: 'intents[3].examples' });
    expect(error.status).toBe(422);
  });

  it('serialises to a body without the stack', () => {
    expect(JSON.parse(JSON.stringify(new ModelNotTrainedError('intent classifier')))).toEqual({
      code: 'MODEL_NOT_TRAINED',
      message: 'intent classifier is not trained: train or load a model first',
    });
  });

  it('wraps foreign errors and keeps the cause', () => {
    const original = new RangeError('boom');
    const wrapped = toAppError(original, 'STORAGE_FAILED');
    expect(wrapped.code).toBe('STORAGE_FAILED');
    expect(wrapped.cause).toBe(original);
    expect(toAppError(wrapped)).toBe(wrapped);
  });
});
