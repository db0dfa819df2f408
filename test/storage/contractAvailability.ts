import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../core/errors.js';
import type { Store } from '../../core/storage/types.js';
import { collectStream, conversation, customer, rejectionOf } from './contractFixtures.js';

export interface AvailabilityOptions {
  makeStore: () => Promise<Store>;
  /** Opens a store whose database cannot be reached (bad path, closed port); must reject. */
  openUnreachable?: () => Promise<Store>;
  /** Upper bound for the unreachable open to fail, so a hang fails the test instead of stalling the suite. */
  unreachableWithinMs?: number;
}

function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/** A closed or unreachable database answers with StorageUnavailableError (503), never a crash or a hang. */
export function availabilityContract(options: AvailabilityOptions): void {
  describe('availability', () => {
    it('answers ping while open and StorageUnavailableError from every repository once closed', async () => {
      const store = await options.makeStore();
      await store.ping();
      await store.close();
      await store.close();
      const attempts: Promise<unknown>[] = [
        store.ping(),
        store.customers.get('c1'),
        store.customers.upsertMany([customer('c1')]),
        store.customers.list(),
        store.products.count(),
        store.products.getMany(['p1']),
        store.interactions.listByCustomer('c1'),
        collectStream(store.interactions.stream()),
        store.orders.get('o1'),
        store.conversations.upsert(conversation('conv', 0)),
        store.conversations.update('conv', { status: 'closed' }),
        store.transcripts.list('conv'),
      ];
      for (const attempt of attempts) {
        const error = await rejectionOf(withinMs(attempt, 15_000));
        expect(error).toBeInstanceOf(StorageUnavailableError);
        expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
      }
    });

    it.skipIf(options.openUnreachable === undefined)('fails to open an unreachable database with StorageUnavailableError in bounded time', async () => {
      const open = options.openUnreachable;
      if (open === undefined) return;
      const error = await rejectionOf(withinMs(open(), options.unreachableWithinMs ?? 15_000));
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    });
  });
}
