import { describe, expect, it } from 'vitest';
import { AppError, StorageUnavailableError } from '../../../core/errors.js';
import { countStoreErrors, timed } from '../../../core/metrics/instrument.js';
import { noopMetrics, type Metrics, type StoreErrorObservation } from '../../../core/metrics/metrics.js';

function recordingMetrics(): Metrics & { storeErrors: StoreErrorObservation[] } {
  const storeErrors: StoreErrorObservation[] = [];
  return { ...noopMetrics, storeErrors, storeError: (error) => storeErrors.push(error) };
}

class FakeConversations {
  private readonly rows = new Map<string, string>([['c1', 'bot']]);
  failNext: Error | undefined;

  async get(id: string): Promise<string | undefined> {
    if (this.failNext !== undefined) throw this.failNext;
    return this.rows.get(id);
  }

  update(id: string): string {
    throw new AppError('NOT_FOUND', `conversation ${id} not found`);
  }
}

function fakeStore() {
  return {
    kind: 'sqlite' as const,
    conversations: new FakeConversations(),
    ping: async (): Promise<void> => {
      throw new StorageUnavailableError('database down');
    },
  };
}

describe('timed', () => {
  it('reports the outcome and the duration in seconds, passing results and errors through', async () => {
    const ticks = [1000, 1250, 2000, 2600];
    const now = () => ticks.shift() ?? Number.NaN;
    const reports: Array<[string, number]> = [];
    const record = (outcome: string, seconds: number) => reports.push([outcome, seconds]);
    await expect(timed(async () => 'picked', record, now)).resolves.toBe('picked');
    const failure = new Error('model gone');
    await expect(timed(async () => Promise.reject(failure), record, now)).rejects.toBe(failure);
    expect(reports).toEqual([
      ['ok', 0.25],
      ['error', 0.6],
    ]);
  });
});

describe('countStoreErrors', () => {
  it('counts rejected and thrown calls by repository method and error code, and rethrows them unchanged', async () => {
    const metrics = recordingMetrics();
    const inner = fakeStore();
    const store = countStoreErrors(inner, metrics);
    const down = new StorageUnavailableError('disk full');
    inner.conversations.failNext = down;
    await expect(store.conversations.get('c1')).rejects.toBe(down);
    expect(() => store.conversations.update('c9')).toThrow(AppError);
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    inner.conversations.failNext = new TypeError('driver bug');
    await expect(store.conversations.get('c1')).rejects.toBeInstanceOf(TypeError);
    expect(metrics.storeErrors).toEqual([
      { operation: 'conversations.get', code: 'STORAGE_UNAVAILABLE' },
      { operation: 'conversations.update', code: 'NOT_FOUND' },
      { operation: 'ping', code: 'STORAGE_UNAVAILABLE' },
      { operation: 'conversations.get', code: 'INTERNAL' },
    ]);
  });

  it('leaves successful calls, plain properties and method identity as they were', async () => {
    const metrics = recordingMetrics();
    const store = countStoreErrors(fakeStore(), metrics);
    await expect(store.conversations.get('c1')).resolves.toBe('bot');
    expect(store.kind).toBe('sqlite');
    expect(store.conversations).toBe(store.conversations);
    expect(store.conversations.get).toBe(store.conversations.get);
    expect(metrics.storeErrors).toEqual([]);
  });

  it('passes frozen properties through, as a Proxy must', () => {
    const repository = { list: () => ['a'] };
    const store = countStoreErrors(Object.freeze({ repository }), recordingMetrics());
    expect(store.repository.list()).toEqual(['a']);
    expect(store.repository).toBe(repository);
  });
});
