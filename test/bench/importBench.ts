import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listInputFiles } from '../../core/importer/inputFiles.js';
import { importUciRetail } from '../../core/importer/uci/uciImport.js';
import { silentLogger } from '../../core/logger.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';

const UCI_BY_DAY = fileURLToPath(new URL('../../../shared/data/uci-online-retail/by-day/', import.meta.url));
const MB = 1024 * 1024;

async function sizeOrZero(path: string): Promise<number> {
  return existsSync(path) ? (await stat(path)).size : 0;
}

/**
 * Full UCI Online Retail import (305 day files) into a fresh SQLite file in a temp dir:
 * throughput, peak RSS (sampled every 50 ms), database size and the counts by cleaning rule.
 */
export async function run(log: (line: string) => void): Promise<string> {
  const heading = '### Import: UCI Online Retail into SQLite';
  if (!existsSync(UCI_BY_DAY)) {
    log(`import bench skipped: ${UCI_BY_DAY} not found (public data set not present)`);
    return `${heading}\n\nSkipped: \`../shared/data/uci-online-retail/by-day/\` is not present on this machine.\n`;
  }
  const dir = await mkdtemp(join(tmpdir(), 'csbot-import-bench-'));
  const dbPath = join(dir, 'bench.sqlite');
  const store = await openSqliteStore(dbPath, silentLogger());
  let peakRss = process.memoryUsage().rss;
  const rssAtStart = peakRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  try {
    const files = await listInputFiles(UCI_BY_DAY, ['.csv']);
    let lastLogged = 0;
    const summary = await importUciRetail(store, files, {
      logger: silentLogger(),
      onProgress: (p) => {
        if (p.elapsedMs - lastLogged < 5000) return;
        lastLogged = p.elapsedMs;
        log(`import bench: ${((100 * p.bytesRead) / p.totalBytes).toFixed(0)}% ${p.rowsRead} rows`);
      },
    });
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const counts = {
      products: await store.products.count(),
      customers: await store.customers.count(),
      interactions: await store.interactions.count(),
      orders: await store.orders.count(),
    };
    await store.close();
    const dbBytes = (await sizeOrZero(dbPath)) + (await sizeOrZero(`${dbPath}-wal`));
    const dropped = Object.entries(summary.dropped).map(([reason, n]) => `| dropped: ${reason} | ${n.toLocaleString('en-US')} |`);
    log(`import bench: ${summary.rowsRead} rows in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
    return [
      heading,
      '',
      `Dataset: UCI Online Retail (CC BY 4.0), ${files.length} per-day CSV files, ${(summary.bytesRead / MB).toFixed(1)} MB, from \`../shared/data/uci-online-retail/by-day/\`.`,
      'Measured: `importUciRetail` (the code behind `npm run import -- uci-retail DIR`) into a fresh SQLite file (WAL) in a temp dir,',
      'batches of 2,000 rows; RSS sampled every 50 ms in the benchmark process. Timings are wall-clock on a shared machine.',
      '',
      '| Measure | Value |',
      '| --- | --- |',
      `| rows read | ${summary.rowsRead.toLocaleString('en-US')} |`,
      `| elapsed | ${(summary.elapsedMs / 1000).toFixed(1)} s |`,
      `| throughput | ${summary.rowsPerSecond.toLocaleString('en-US')} rows/s |`,
      `| peak RSS (start) | ${(peakRss / MB).toFixed(0)} MB (${(rssAtStart / MB).toFixed(0)} MB) |`,
      `| SQLite file size (db + wal) | ${(dbBytes / MB).toFixed(1)} MB |`,
      `| products / customers | ${counts.products.toLocaleString('en-US')} / ${counts.customers.toLocaleString('en-US')} |`,
      `| purchase interactions / orders | ${counts.interactions.toLocaleString('en-US')} / ${counts.orders.toLocaleString('en-US')} |`,
      ...dropped,
      `| bad rows (unreadable) | ${summary.skippedTotal} |`,
      '',
    ].join('\n');
  } finally {
    clearInterval(sampler);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
