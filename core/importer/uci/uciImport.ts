import type { Logger } from '../../logger.js';
import { ValidationError } from '../../errors.js';
import type { BulkResult, Store } from '../../storage/types.js';
import type { InputFile } from '../inputFiles.js';
import { ImportStats, type ImportProgress, type ImportSummary } from '../importStats.js';
import { DEFAULT_MAX_RECORD_BYTES, readRecords } from '../recordSource.js';
import type { BadRow, InvalidUtf8Policy, SkipReason } from '../types.js';
import { UciDataset, type WithLine } from './uciDataset.js';
import { UCI_COLUMNS, UCI_DROP_REASONS } from './uciRows.js';

export interface UciImportOptions {
  strict?: boolean;
  batchSize?: number; // default 2000
  maxRecordBytes?: number;
  invalidUtf8?: InvalidUtf8Policy;
  progressEveryRows?: number; // default 5000
  onProgress?: (progress: ImportProgress) => void;
  onBadRow?: (row: BadRow) => void;
  logger: Logger;
}

export interface UciImportSummary extends ImportSummary {
  dropped: Record<string, number>;
  /** distinct entities written: products, customers, interactions, orders */
  entities: { products: number; customers: number; interactions: number; orders: number };
}

const REASON_BY_CODE: Record<BulkResult['rejected'][number]['code'], SkipReason> = {
  NOT_FOUND: 'unknown-reference',
  VALIDATION_FAILED: 'invalid',
  CONFLICT: 'rejected',
};

/**
 * Imports the UCI Online Retail per-day CSVs (sorted by name = by day), file by file: the day's
 * products and customers first, then its purchases and orders, in batches. Cleaning drops are counted
 * by rule in `dropped`; unreadable rows are bad rows like in the generic import.
 */
export async function importUciRetail(store: Store, files: InputFile[], options: UciImportOptions): Promise<UciImportSummary> {
  const { logger } = options;
  const stats = new ImportStats('uci-retail');
  stats.declareDropReasons(UCI_DROP_REASONS);
  const dataset = new UciDataset();
  const batchSize = options.batchSize ?? 2000;
  const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const progressEvery = options.progressEveryRows ?? 5000;
  let interactionsWritten = 0;
  let ordersWritten = 0;

  const reportBad = (row: BadRow): void => {
    stats.addBadRow(row);
    options.onBadRow?.(row);
    if (options.strict === true) {
      throw new ValidationError(`${row.file}:${row.line}: ${row.reason}: ${row.message} (--strict: import aborted)`, {
        details: { file: row.file, line: row.line, reason: row.reason },
      });
    }
  };

  async function write<T extends { id: string }>(file: string, rows: WithLine<T>[], upsert: (items: T[]) => Promise<BulkResult>): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    for (let start = 0; start < rows.length; start += batchSize) {
      const slice = rows.slice(start, start + batchSize);
      const result = await upsert(slice.map((r) => r.item));
      inserted += result.inserted;
      updated += result.updated;
      for (const rejection of result.rejected) {
        const line = slice[rejection.index]?.line ?? 0;
        reportBad({ file, line, reason: REASON_BY_CODE[rejection.code], message: `${rejection.id}: ${rejection.message}` });
      }
    }
    return { inserted, updated };
  }

  let bytesBeforeFile = 0;
  for (const file of files) {
    const emitProgress = (): void =>
      options.onProgress?.({ file: file.path, bytesRead: stats.bytesRead, totalBytes, rowsRead: stats.rowsRead, elapsedMs: stats.elapsedMs() });
    const records = readRecords(file.path, {
      format: 'csv',
      delimiter: ',',
      mapping: {},
      fields: UCI_COLUMNS,
      requiredFields: UCI_COLUMNS,
      maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      invalidUtf8: options.invalidUtf8 ?? 'skip',
      onBytes: (bytes) => {
        stats.bytesRead = bytesBeforeFile + bytes;
      },
    });
    for await (const record of records) {
      stats.rowsRead += 1;
      if (stats.rowsRead % progressEvery === 0) emitProgress();
      if (!record.ok) {
        reportBad({ file: file.path, line: record.line, reason: record.reason, message: record.message });
        continue;
      }
      const result = dataset.addRow(record.values, record.line);
      if (result.kind === 'dropped') stats.addDropped(result.reason);
      else if (result.kind === 'catalog-only') stats.addDropped('no-customer-id');
      else if (result.kind === 'invalid') reportBad({ file: file.path, line: record.line, reason: 'invalid', message: result.message });
    }
    const day = dataset.endDay();
    const asRows = <T>(items: T[]): WithLine<T>[] => items.map((item) => ({ item, line: 0 }));
    await write(file.path, asRows(day.products), (items) => store.products.upsertMany(items));
    await write(file.path, asRows(day.customers), (items) => store.customers.upsertMany(items));
    const purchases = await write(file.path, day.interactions, (items) => store.interactions.upsertMany(items));
    stats.addWritten('interactions', purchases.inserted, purchases.updated);
    interactionsWritten += purchases.inserted + purchases.updated;
    const orders = await write(file.path, day.orders, (items) => store.orders.upsertMany(items));
    ordersWritten += orders.inserted + orders.updated;
    bytesBeforeFile += file.bytes;
    stats.bytesRead = bytesBeforeFile;
    emitProgress();
    logger.debug({ file: file.path, purchases: day.interactions.length, orders: day.orders.length }, 'uci import: day written');
  }

  const summary = stats.summary(files.map((f) => f.path));
  const entities = { products: dataset.products.size, customers: dataset.customers.size, interactions: interactionsWritten, orders: ordersWritten };
  logger.info({ rowsRead: summary.rowsRead, entities, dropped: summary.dropped }, 'uci import: done');
  return { ...summary, dropped: summary.dropped ?? {}, entities, written: entities };
}
