import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';
import { describeStoreContract } from './storeContract.js';

const workDir = mkdtempSync(join(tmpdir(), 'csbot-sqlite-contract-'));
let fileCounter = 0;
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describeStoreContract('sqlite (:memory:)', () => openSqliteStore(':memory:', silentLogger()));

describeStoreContract('sqlite (WAL file)', () => openSqliteStore(join(workDir, `store-${(fileCounter += 1)}.sqlite`), silentLogger()), {
  // A path below a regular file can never be created, even by root.
  openUnreachable: () => {
    const blocker = join(workDir, 'not-a-directory');
    writeFileSync(blocker, 'x');
    return openSqliteStore(join(blocker, 'csbot.sqlite'), silentLogger());
  },
});
