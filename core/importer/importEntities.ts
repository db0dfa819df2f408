import type { Logger } from '../logger.js';
import { ValidationError } from '../errors.js';
import type { BulkResult, Customer, Interaction, Order, Product, Store } from '../storage/types.js';
import { BatchWriter, type RowOrigin } from './batchWriter.js';
import type { ColumnMapping } from './columnMapping.js';
import {
  FIELDS,
  customerRowSchema,
  interactionRowSchema,
  orderRowSchema,
  productRowSchema,
  toCustomer,
  toInteraction,
  toProduct,
  type ImportDefaults,
} from './entitySchemas.js';
import { describeIssues } from './fieldSchemas.js';
import type { InputFile } from './inputFiles.js';
import { ImportStats, type ImportProgress, type ImportSummary } from './importStats.js';
import { OrderAssembler } from './orderAssembler.js';
import { DEFAULT_MAX_RECORD_BYTES, formatFromPath, readRecords } from './recordSource.js';
import type { BadRow, EntityKind, InputFormat, InvalidUtf8Policy } from './types.js';

export interface ImportEntitiesOptions {
  format?: InputFormat; // default: from each file's extension
  delimiter?: string; // CSV, default ','
  mapping?: ColumnMapping;
  strict?: boolean; // abort on the first bad row (ValidationError with details.file/line/reason)
  batchSize?: number; // rows per bulk upsert, default 1000
  maxRecordBytes?: number; // default 1 MiB
  invalidUtf8?: InvalidUtf8Policy; // default 'skip'
  defaults?: Partial<ImportDefaults>;
  progressEveryRows?: number; // default 2000
  onProgress?: (progress: ImportProgress) => void;
  onBadRow?: (row: BadRow) => void;
  logger: Logger;
}

type Upsert = (items: unknown[]) => Promise<BulkResult>;

/** The writer only ever receives entities produced by `mapRow` / the order assembler for the same kind. */
function upsertFor(store: Store, kind: EntityKind): Upsert {
  switch (kind) {
    case 'products':
      return (items) => store.products.upsertMany(items as Product[]);
    case 'customers':
      return (items) => store.customers.upsertMany(items as Customer[]);
    case 'interactions':
      return (items) => store.interactions.upsertMany(items as Interaction[]);
    case 'orders':
      return (items) => store.orders.upsertMany(items as Order[]);
  }
}

type RowMapping = { ok: true; entity: Product | Customer | Interaction } | { ok: false; message: string };

function mapRow(kind: Exclude<EntityKind, 'orders'>, values: Record<string, unknown>, defaults: ImportDefaults): RowMapping {
  if (kind === 'products') {
    const parsed = productRowSchema.safeParse(values);
    return parsed.success ? { ok: true, entity: toProduct(parsed.data, defaults) } : { ok: false, message: describeIssues(parsed.error) };
  }
  if (kind === 'customers') {
    const parsed = customerRowSchema.safeParse(values);
    return parsed.success ? { ok: true, entity: toCustomer(parsed.data, defaults) } : { ok: false, message: describeIssues(parsed.error) };
  }
  const parsed = interactionRowSchema.safeParse(values);
  return parsed.success ? { ok: true, entity: toInteraction(parsed.data, defaults) } : { ok: false, message: describeIssues(parsed.error) };
}

/**
 * Imports CSV / JSONL files of one entity kind into the store: every row validated, bad rows reported
 * with FILE:LINE and skipped (or, with `strict`, the run aborts), rows written by id in batches so a
 * re-run updates instead of duplicating, and rows the store refuses (unknown references) mapped back to lines.
 */
export async function importEntities(store: Store, kind: EntityKind, files: InputFile[], options: ImportEntitiesOptions): Promise<ImportSummary> {
  const { logger } = options;
  const defaults: ImportDefaults = {
    currency: options.defaults?.currency ?? 'GBP',
    now: options.defaults?.now ?? new Date(),
    source: options.defaults?.source ?? 'import',
  };
  const stats = new ImportStats(kind);
  const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const progressEvery = options.progressEveryRows ?? 2000;
  const seenIds = new Map<string, number>();
  let strictFailure: BadRow | undefined;

  const reportBad = (row: BadRow): void => {
    stats.addBadRow(row);
    options.onBadRow?.(row);
    if (options.strict === true && strictFailure === undefined) strictFailure = row;
  };
  /** With `strict`, the good rows read before the first bad one are written, then the run stops. */
  const abortIfStrict = async (): Promise<void> => {
    if (strictFailure === undefined) return;
    const { file, line, reason, message } = strictFailure;
    await writer.flush();
    throw new ValidationError(`${file}:${line}: ${reason}: ${message} (--strict: import aborted)`, { details: { file, line, reason } });
  };
  const writer = new BatchWriter<unknown>(upsertFor(store, kind), options.batchSize ?? 1000, {
    onWritten: (inserted, updated) => stats.addWritten(kind, inserted, updated),
    onRejected: (origin: RowOrigin, reason, message) => reportBad({ ...origin, reason, message }),
  });
  const assembler = kind === 'orders' ? new OrderAssembler(defaults) : undefined;

  let bytesBeforeFile = 0;
  for (const file of files) {
    const format = options.format ?? formatFromPath(file.path);
    if (format === undefined) throw new ValidationError(`${file.path}: cannot tell the format from the extension: pass --format csv|jsonl`);
    logger.debug({ file: file.path, kind, format }, 'import: reading file');
    const emitProgress = (): void =>
      options.onProgress?.({ file: file.path, bytesRead: stats.bytesRead, totalBytes, rowsRead: stats.rowsRead, elapsedMs: stats.elapsedMs() });
    const records = readRecords(file.path, {
      format,
      delimiter: options.delimiter ?? ',',
      mapping: options.mapping ?? {},
      fields: FIELDS[kind].all,
      requiredFields: FIELDS[kind].required,
      maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      invalidUtf8: options.invalidUtf8 ?? 'skip',
      onBytes: (bytes) => {
        stats.bytesRead = bytesBeforeFile + bytes;
      },
    });
    for await (const record of records) {
      stats.rowsRead += 1;
      if (stats.rowsRead % progressEvery === 0) emitProgress();
      const origin = { file: file.path, line: record.line };
      if (!record.ok) {
        reportBad({ ...origin, reason: record.reason, message: record.message });
        await abortIfStrict();
        continue;
      }
      if (assembler !== undefined) {
        const parsed = orderRowSchema.safeParse(record.values);
        if (!parsed.success) {
          reportBad({ ...origin, reason: 'invalid', message: describeIssues(parsed.error) });
        } else {
          const outcome = assembler.accept(parsed.data, record.line);
          if (outcome.completed !== undefined) await writer.add(outcome.completed.order, { file: file.path, line: outcome.completed.line });
          if (outcome.kind === 'duplicate') {
            reportBad({ ...origin, reason: 'duplicate', message: `order ${parsed.data.id} already read at line ${outcome.firstLine} (lines of one order must be contiguous)` });
          }
        }
      } else {
        const mapped = mapRow(kind as Exclude<EntityKind, 'orders'>, record.values, defaults);
        if (!mapped.ok) {
          reportBad({ ...origin, reason: 'invalid', message: mapped.message });
        } else {
          const firstLine = seenIds.get(mapped.entity.id);
          if (firstLine !== undefined) {
            reportBad({ ...origin, reason: 'duplicate', message: `id ${mapped.entity.id} already read at line ${firstLine}` });
          } else {
            seenIds.set(mapped.entity.id, record.line);
            await writer.add(mapped.entity, origin);
          }
        }
      }
      await abortIfStrict();
    }
    const last = assembler?.take();
    if (last !== undefined) await writer.add(last.order, { file: file.path, line: last.line });
    await writer.flush();
    await abortIfStrict();
    bytesBeforeFile += file.bytes;
    stats.bytesRead = bytesBeforeFile;
    emitProgress();
  }
  const summary = stats.summary(files.map((f) => f.path));
  logger.info({ kind, rowsRead: summary.rowsRead, imported: summary.imported, updated: summary.updated, skipped: summary.skippedTotal }, 'import: done');
  return summary;
}
