import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../core/logger.js';
import type { InputFile } from '../../core/importer/inputFiles.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';
import type { Store } from '../../core/storage/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export async function inputFile(path: string): Promise<InputFile> {
  return { path, bytes: (await stat(path)).size };
}

export interface TempStore {
  store: Store;
  dir: string;
  dispose(): Promise<void>;
}

/** A real SQLite store in a fresh temp dir. */
export async function openTempStore(): Promise<TempStore> {
  const dir = await mkdtemp(join(tmpdir(), 'csbot-import-'));
  const store = await openSqliteStore(join(dir, 'store.sqlite'), silentLogger());
  return {
    store,
    dir,
    dispose: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
