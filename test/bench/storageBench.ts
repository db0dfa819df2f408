import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';
import { INTERACTION_KINDS, type Interaction } from '../../core/storage/types.js';

/**
 * SQLite adapter on synthetic data in a temp file: bulk upsert throughput (insert and update paths),
 * keyset streaming throughput with the RSS growth it causes, and newest-first page reads.
 * STORAGE_BENCH_INTERACTIONS overrides the interaction count (default 500,000).
 */
const CUSTOMERS = 20_000;
const PRODUCTS = 4_000;
const BATCH = 5_000;
const MB = 1024 * 1024;

function interactionBatch(start: number, size: number): Interaction[] {
  return Array.from({ length: size }, (_, k) => {
    const n = start + k;
    return {
      id: `i${n}`,
      customerId: `c${(n * 7919) % CUSTOMERS}`,
      productId: `p${(n * 104_729) % PRODUCTS}`,
      kind: INTERACTION_KINDS[n % INTERACTION_KINDS.length],
      value: 1 + (n % 5),
      timestamp: new Date(Date.UTC(2024, 0, 1) + n * 997),
      source: 'bench',
    };
  });
}

function rate(rows: number, ms: number): string {
  return `${Math.round((rows / ms) * 1000).toLocaleString('en-US')} rows/s`;
}

export async function run(log: (line: string) => void): Promise<string> {
  const total = Number(process.env.STORAGE_BENCH_INTERACTIONS ?? 500_000);
  const dir = await mkdtemp(join(tmpdir(), 'csbot-storage-bench-'));
  const path = join(dir, 'bench.sqlite');
  const store = await openSqliteStore(path, silentLogger());
  try {
    await store.customers.upsertMany(Array.from({ length: CUSTOMERS }, (_, i) => ({ id: `c${i}`, createdAt: new Date(0) })));
    await store.products.upsertMany(Array.from({ length: PRODUCTS }, (_, i) => ({ id: `p${i}`, title: `P${i}`, description: '', currency: 'EUR', inStock: true })));

    const writePass = async (label: string): Promise<{ ms: number; inserted: number; updated: number }> => {
      const started = performance.now();
      let inserted = 0;
      let updated = 0;
      for (let start = 0; start < total; start += BATCH) {
        const result = await store.interactions.upsertMany(interactionBatch(start, Math.min(BATCH, total - start)));
        inserted += result.inserted;
        updated += result.updated;
        if ((start / BATCH) % 40 === 0) log(`${label}: ${start.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      }
      return { ms: performance.now() - started, inserted, updated };
    };
    const insertPass = await writePass('insert');
    const updatePass = await writePass('re-upsert');

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let streamed = 0;
    const streamStarted = performance.now();
    for await (const interaction of store.interactions.stream({ batchSize: 5000 })) {
      streamed += interaction.value > 0 ? 1 : 0;
      if (streamed % 100_000 === 0) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        log(`stream: ${streamed.toLocaleString('en-US')}`);
      }
    }
    const streamMs = performance.now() - streamStarted;

    const pageTimes: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      const started = performance.now();
      const page = await store.interactions.listByCustomer(`c${(i * 37) % CUSTOMERS}`, { limit: 20 });
      if (page.items.length === 0 && total > CUSTOMERS) throw new Error('expected interactions for every customer');
      pageTimes.push(performance.now() - started);
    }
    pageTimes.sort((a, b) => a - b);
    const count = await store.interactions.count();
    await store.close();
    const fileBytes = (await stat(path)).size + (await stat(`${path}-wal`).then((s) => s.size).catch(() => 0));

    return [
      '### Storage: SQLite adapter (synthetic interactions)',
      '',
      `${total.toLocaleString('en-US')} interactions over ${CUSTOMERS.toLocaleString('en-US')} customers and ${PRODUCTS.toLocaleString('en-US')} products, written with \`interactions.upsertMany\` in batches of ${BATCH} (one transaction each, reference checks included) into a WAL SQLite file in a temp dir.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| insert pass (${insertPass.inserted.toLocaleString('en-US')} inserted) | ${(insertPass.ms / 1000).toFixed(1)} s, ${rate(total, insertPass.ms)} |`,
      `| same rows again (${updatePass.updated.toLocaleString('en-US')} updated, ${updatePass.inserted} inserted) | ${(updatePass.ms / 1000).toFixed(1)} s, ${rate(total, updatePass.ms)} |`,
      `| \`stream()\` of all ${streamed.toLocaleString('en-US')} rows (batchSize 5000) | ${(streamMs / 1000).toFixed(1)} s, ${rate(streamed, streamMs)} |`,
      `| RSS growth while streaming (peak − start) | ${((peakRss - rssBefore) / MB).toFixed(0)} MB |`,
      `| \`listByCustomer\` first page of 20: p50 / p95 (500 calls) | ${pageTimes[249].toFixed(2)} ms / ${pageTimes[474].toFixed(2)} ms |`,
      `| rows counted | ${count.toLocaleString('en-US')} |`,
      `| database file (+WAL) | ${(fileBytes / MB).toFixed(0)} MB |`,
      '',
      'Streaming memory does not grow with the table (keyset pages on (timestamp, id)), so 10M rows stream in the same footprint. MongoDB is not benchmarked here: only the wire-protocol test double is available on this machine, and it scans every query.',
    ].join('\n');
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
