import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { StorageUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { openMongoStore } from './mongo/mongoStore.js';
import { openSqliteStore } from './sqlite/sqliteStore.js';
import type { Store } from './types.js';

export const SQLITE_FILE_NAME = 'csbot.sqlite';

/**
 * Opens the configured store: MongoDB (mongoose) when `mongodbUri` is set, otherwise SQLite at
 * `${dataDir}/csbot.sqlite`. Logs which adapter it opened. Unreachable databases throw StorageUnavailableError.
 */
export async function openStore(config: Config['storage'], logger: Logger): Promise<Store> {
  if (config.mongodbUri !== undefined) {
    const store = await openMongoStore(config.mongodbUri, { connectTimeoutMs: config.mongodbConnectTimeoutMs }, logger);
    logger.info({ kind: store.kind, uri: store.redactedUri }, 'storage opened');
    return store;
  }
  const dataDir = resolve(config.dataDir);
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw new StorageUnavailableError(`Cannot create data directory ${dataDir}`, { cause: error, details: { dataDir } });
  }
  const path = join(dataDir, SQLITE_FILE_NAME);
  const store = await openSqliteStore(path, logger);
  logger.info({ kind: store.kind, path }, 'storage opened');
  return store;
}
