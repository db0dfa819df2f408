import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runImportCommand, type ImportCommandDeps } from '../../core/importer/cli/importCommand.js';
import { createProgressReporter } from '../../core/importer/cli/progressReporter.js';
import { loadConfig } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';
import { fixture, openTempStore, type TempStore } from './importTestKit.js';

let temp: TempStore;
let out: string;
let err: string;
let deps: ImportCommandDeps;

beforeEach(async () => {
  temp = await openTempStore();
  await temp.store.close();
  out = '';
  err = '';
  deps = {
    config: loadConfig({ DATA_DIR: temp.dir }),
    logger: silentLogger(),
    openStore: (storage, logger) => openSqliteStore(join(storage.dataDir, 'store.sqlite'), logger),
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  };
});
afterEach(async () => {
  await temp.dispose();
});

describe('runImportCommand', () => {
  it('prints bad rows as FILE:LINE, a summary, writes --json, and exits 0', async () => {
    const jsonFile = join(temp.dir, 'summary.json');
    const code = await runImportCommand(['products', fixture('products-malformed.csv'), '--json', jsonFile], deps);
    expect(code).toBe(EXIT_OK);
    expect(err).toContain(`${fixture('products-malformed.csv')}:3: malformed: unclosed quote`);
    expect(out).toMatch(/rows read: 7\n/);
    expect(out).toMatch(/imported \(new\): 3\n/);
    expect(out).toMatch(/skipped: 4 \(malformed 4\)/);
    expect(out).toMatch(/rows\/s/);
    const summary = JSON.parse(await readFile(jsonFile, 'utf8')) as { imported: number; badRows: unknown[] };
    expect(summary.imported).toBe(3);
    expect(summary.badRows).toHaveLength(4);
    const store = await openSqliteStore(join(temp.dir, 'store.sqlite'), silentLogger());
    expect(await store.products.count()).toBe(3);
    await store.close();
  });

  it('exits 1 with --strict on the first bad row and 2 on a usage mistake', async () => {
    expect(await runImportCommand(['products', fixture('products-wrong-types.csv'), '--strict'], deps)).toBe(EXIT_FAILED);
    expect(err).toContain('VALIDATION_FAILED');
    expect(err).toContain('products-wrong-types.csv:3');
    expect(await runImportCommand(['gadgets', 'x.csv'], deps)).toBe(EXIT_USAGE);
    expect(await runImportCommand(['products', 'x.csv', '--map', 'nonsense'], deps)).toBe(EXIT_USAGE);
    expect(err).toContain('Usage: npm run import');
  });

  it('fails with exit 1 naming the missing column', async () => {
    expect(await runImportCommand(['products', fixture('products-missing-column.csv')], deps)).toBe(EXIT_FAILED);
    expect(err).toContain('DATA_FILE_INVALID');
    expect(err).toContain('"title"');
  });
});

describe('createProgressReporter', () => {
  const progress = { file: 'f.csv', bytesRead: 512 * 1024, totalBytes: 1024 * 1024, rowsRead: 5000, elapsedMs: 2000 };

  it('draws a redrawn bar on a TTY and plain lines otherwise', () => {
    let tty = '';
    const bar = createProgressReporter({ isTTY: true, write: (t: string) => (tty += t) });
    bar.update(progress);
    bar.finish();
    expect(tty).toMatch(/^\r\u001b\[2K\[#{15}-{15}\]\s+50\.0% 0\.5\/1\.0 MB 5,000 rows 2,500 rows\/s\n$/);

    let plain = '';
    const lines = createProgressReporter({ isTTY: false, write: (t: string) => (plain += t) }, 60_000);
    lines.update(progress);
    lines.update({ ...progress, rowsRead: 6000 }); // throttled
    lines.update({ ...progress, bytesRead: progress.totalBytes, rowsRead: 9000 }); // the last one always prints
    lines.finish();
    expect(plain.split('\n').filter(Boolean)).toEqual([
      'progress:  50.0% 0.5/1.0 MB 5,000 rows 2,500 rows/s',
      'progress: 100.0% 1.0/1.0 MB 9,000 rows 4,500 rows/s',
    ]);
  });
});
