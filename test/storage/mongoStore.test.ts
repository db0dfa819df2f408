import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { openMongoStore, type MongoStore } from '../../core/storage/mongo/mongoStore.js';
import type { Store } from '../../core/storage/types.js';
import { describeStoreContract } from './storeContract.js';

/**
 * Runs the store contract against MongoDB when MONGODB_TEST_URI is set (a real server or the wire-protocol
 * double in ../shared/tools/mongo-double). Every test gets its own database, dropped when the test closes it.
 */
const testUri = process.env.MONGODB_TEST_URI?.trim() || undefined;
const HOW_TO_ENABLE =
  "set MONGODB_TEST_URI, e.g. start `/usr/bin/python3 ../shared/tools/mongo-double/server.py 27217` and export MONGODB_TEST_URI='mongodb://127.0.0.1:27217/csbot_test?retryWrites=false&serverMonitoringMode=poll'";

/** Replaces the database name in a connection string, keeping hosts and options. */
export function withDatabase(uri: string, database: string): string {
  const [base, query] = uri.split('?', 2);
  const hostsEnd = base.indexOf('/', base.indexOf('://') + 3);
  const hosts = hostsEnd === -1 ? base : base.slice(0, hostsEnd);
  return `${hosts}/${database}${query === undefined ? '' : `?${query}`}`;
}

/** Forwards to a MongoStore and drops its database on the first close. */
class ThrowawayDatabaseStore implements Store {
  readonly kind = 'mongo' as const;
  private dropped = false;
  constructor(private readonly inner: MongoStore) {}
  get customers() { return this.inner.customers; }
  get products() { return this.inner.products; }
  get interactions() { return this.inner.interactions; }
  get orders() { return this.inner.orders; }
  get conversations() { return this.inner.conversations; }
  get transcripts() { return this.inner.transcripts; }
  get consoleUsers() { return this.inner.consoleUsers; }
  get consoleSessions() { return this.inner.consoleSessions; }
  get apiTokens() { return this.inner.apiTokens; }
  get auditLog() { return this.inner.auditLog; }
  get conversationNotes() { return this.inner.conversationNotes; }
  get inbox() { return this.inner.inbox; }
  ping(): Promise<void> { return this.inner.ping(); }
  async close(): Promise<void> {
    if (!this.dropped) {
      this.dropped = true;
      await this.inner.dropDatabase();
    }
    await this.inner.close();
  }
}

// The wire-protocol double has no $text: against it the full-text cases of the inbox contract are skipped, and every
// other inbox filter still runs. Against a real MongoDB set MONGODB_TEST_TEXT_SEARCH=1 to run them too.
const fullTextSearch =
  process.env.MONGODB_TEST_TEXT_SEARCH === '1' ? true : 'the MongoDB test double has no $text operator (set MONGODB_TEST_TEXT_SEARCH=1 against a real MongoDB)';

const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
let databaseCounter = 0;

if (testUri === undefined) {
  console.warn(`[storage] mongo contract tests skipped: ${HOW_TO_ENABLE}`);
  describe.skip(`Store contract: mongo (skipped: ${HOW_TO_ENABLE})`, () => {
    it('needs MONGODB_TEST_URI', () => undefined);
  });
} else {
  const uri = testUri;
  describeStoreContract(
    'mongo',
    async () => {
      databaseCounter += 1;
      const store = await openMongoStore(withDatabase(uri, `csbot_test_${runId}_${databaseCounter}`), { connectTimeoutMs: 5000 }, silentLogger());
      return new ThrowawayDatabaseStore(store);
    },
    {
      openUnreachable: () => openMongoStore('mongodb://127.0.0.1:1/csbot_unreachable?serverMonitoringMode=poll', { connectTimeoutMs: 500 }, silentLogger()),
      unreachableWithinMs: 10_000,
      fullTextSearch,
    },
  );
}
