import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importEntities } from '../../core/importer/importEntities.js';
import { silentLogger } from '../../core/logger.js';
import { inputFile, openTempStore, type TempStore } from './importTestKit.js';

let temp: TempStore;
beforeEach(async () => {
  temp = await openTempStore();
});
afterEach(async () => {
  await temp.dispose();
});

const HEADER = 'id,title,price\n';
const BIG_LINE_BYTES = 100 * 1024 * 1024;

/** Streams a file with a 100 MB line between good rows, without holding it in memory. */
async function writeFileWithHugeLine(path: string, format: 'csv' | 'jsonl'): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string | Buffer): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(format === 'csv' ? `${HEADER}B1,Before,1.00\nB2,` : '{"id":"B1","title":"Before"}\n{"id":"B2","title":"');
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  for (let written = 0; written < BIG_LINE_BYTES; written += chunk.length) await write(chunk);
  await write(format === 'csv' ? ',2.00\nB3,After,3.00\n' : '"}\n{"id":"B3","title":"After"}\n');
  out.end();
  await once(out, 'finish');
}

describe('record size cap', () => {
  for (const format of ['csv', 'jsonl'] as const) {
    it(`skips a single 100 MB ${format} line as too-large without buffering it, and keeps the rows around it`, async () => {
      const path = join(temp.dir, `huge.${format}`);
      await writeFileWithHugeLine(path, format);
      const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
      const baseline = used();
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, used());
      }, 2);
      const summary = await importEntities(temp.store, 'products', [await inputFile(path)], {
        logger: silentLogger(),
        onProgress: () => {
          peak = Math.max(peak, used());
        },
        progressEveryRows: 1,
      });
      clearInterval(sampler);
      expect(summary.badRows.map((r) => [r.line, r.reason])).toEqual([[format === 'csv' ? 3 : 2, 'too-large']]);
      expect(summary.badRows[0]?.message).toMatch(/longer than \d+ bytes/);
      const ids = (await temp.store.products.list()).items.map((p) => p.id).sort();
      expect(ids).toEqual(['B1', 'B3']);
      // Buffering the line would take >= 100 MB of heap or array buffers at its peak; the reader keeps at most the cap (1 MiB).
      expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
    });
  }
});

describe('non-UTF-8 bytes', () => {
  const latin1Row = Buffer.concat([Buffer.from('E2,Caf'), Buffer.from([0xe9]), Buffer.from(' cr'), Buffer.from([0xe8, 0x6d, 0x65]), Buffer.from(',2.00\n')]);
  const content = Buffer.concat([Buffer.from(`${HEADER}E1,Plain,1.00\n`), latin1Row, Buffer.from('E3,Après,3.00\n')]);

  it('skips the line by default and says so, keeping the good rows (UTF-8 text included)', async () => {
    const path = join(temp.dir, 'latin1.csv');
    await writeFile(path, content);
    const summary = await importEntities(temp.store, 'products', [await inputFile(path)], { logger: silentLogger() });
    expect(summary.badRows).toHaveLength(1);
    expect(summary.badRows[0]).toMatchObject({ line: 3, reason: 'invalid-encoding' });
    expect(summary.badRows[0]?.message).toContain('line skipped');
    expect((await temp.store.products.get('E3'))?.title).toBe('Après');
    expect(await temp.store.products.get('E2')).toBeUndefined();
  });

  it('with invalidUtf8 "replace" imports the line with U+FFFD in place of the bad bytes', async () => {
    const path = join(temp.dir, 'latin1.csv');
    await writeFile(path, content);
    const summary = await importEntities(temp.store, 'products', [await inputFile(path)], { logger: silentLogger(), invalidUtf8: 'replace' });
    expect(summary.skippedTotal).toBe(0);
    expect((await temp.store.products.get('E2'))?.title).toBe('Caf\uFFFD cr\uFFFDme');
  });
});
