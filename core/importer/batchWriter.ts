import type { BulkRejection, BulkResult } from '../storage/types.js';
import type { SkipReason } from './types.js';

export interface RowOrigin {
  file: string;
  line: number;
}

export interface BatchWriterHooks {
  onWritten(inserted: number, updated: number): void;
  /** A row the store refused, mapped back to the file and line it came from. */
  onRejected(origin: RowOrigin, reason: SkipReason, message: string): void;
}

const REASON_BY_CODE: Record<BulkRejection['code'], SkipReason> = {
  NOT_FOUND: 'unknown-reference',
  VALIDATION_FAILED: 'invalid',
  CONFLICT: 'rejected',
};

/**
 * Buffers rows and writes them with one bulk upsert per batch. The store reports refused rows by index
 * in the batch; the writer maps each one back to its FILE:LINE.
 */
export class BatchWriter<T> {
  private items: T[] = [];
  private origins: RowOrigin[] = [];

  constructor(
    private readonly upsertMany: (items: T[]) => Promise<BulkResult>,
    private readonly batchSize: number,
    private readonly hooks: BatchWriterHooks,
  ) {}

  get pending(): number {
    return this.items.length;
  }

  async add(item: T, origin: RowOrigin): Promise<void> {
    this.items.push(item);
    this.origins.push(origin);
    if (this.items.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.items.length === 0) return;
    const items = this.items;
    const origins = this.origins;
    this.items = [];
    this.origins = [];
    const result = await this.upsertMany(items);
    this.hooks.onWritten(result.inserted, result.updated);
    for (const rejection of result.rejected) {
      const origin = origins[rejection.index] ?? { file: '(unknown)', line: 0 };
      this.hooks.onRejected(origin, REASON_BY_CODE[rejection.code], `${rejection.id}: ${rejection.message}`);
    }
  }
}
