import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../core/storage/types.js';
import { activityContract } from './contractActivity.js';
import { availabilityContract } from './contractAvailability.js';
import { catalogContract } from './contractCatalog.js';
import { consoleAccountsContract } from './contractConsoleAccounts.js';
import { consoleRecordsContract } from './contractConsoleRecords.js';
import { conversationContract } from './contractConversations.js';
import type { ContractContext } from './contractFixtures.js';
import { inboxContract } from './contractInbox.js';

export interface StoreContractOptions {
  /** Opens a store whose database cannot be reached; it must reject with StorageUnavailableError. */
  openUnreachable?: () => Promise<Store>;
  unreachableWithinMs?: number;
  /** true (the default), or why this adapter's test server cannot run full-text search. */
  fullTextSearch?: true | string;
}

/**
 * The one behavioural contract every Store adapter passes. `makeStore` must return a fresh, empty store
 * each time it is called (one per test); the suite closes it afterwards. Nothing here depends on the adapter.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>, options: StoreContractOptions = {}): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store | undefined;
    const ctx: ContractContext = {
      store() {
        if (current === undefined) throw new Error('no store open for this test');
        return current;
      },
    };
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    catalogContract(ctx);
    activityContract(ctx);
    conversationContract(ctx);
    consoleAccountsContract(ctx);
    consoleRecordsContract(ctx);
    inboxContract(ctx, { fullTextSearch: options.fullTextSearch ?? true });
    availabilityContract({ makeStore, openUnreachable: options.openUnreachable, unreachableWithinMs: options.unreachableWithinMs });
  });
}
