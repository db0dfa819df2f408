import { ValidationError } from '../errors.js';
import type { BulkRejection, BulkResult } from './types.js';

/**
 * Bulk upsert bookkeeping shared by the adapters, so both report the same numbers:
 * rows are validated one by one, rows repeating an id collapse into one write (the last one wins),
 * and each input row is counted exactly once as inserted, updated or rejected.
 */

export interface BulkGroup<T> {
  id: string;
  /** Input positions carrying this id, in input order. */
  indexes: number[];
  /** The row that is written: the last valid one with this id. */
  row: T;
}

export interface BulkPlan<T> {
  groups: BulkGroup<T>[];
  rejected: BulkRejection[];
}

export function planBulk<T extends { id: string }>(rows: readonly T[], problemOf: (row: T) => string | undefined): BulkPlan<T> {
  if (!Array.isArray(rows)) throw new ValidationError('Bulk upsert expects an array');
  const byId = new Map<string, BulkGroup<T>>();
  const rejected: BulkRejection[] = [];
  rows.forEach((row, index) => {
    const problem = problemOf(row);
    if (problem !== undefined) {
      const id = row !== null && typeof row === 'object' && typeof row.id === 'string' ? row.id : '';
      rejected.push({ index, id, code: 'VALIDATION_FAILED', message: problem });
      return;
    }
    const group = byId.get(row.id);
    if (group === undefined) byId.set(row.id, { id: row.id, indexes: [index], row });
    else {
      group.indexes.push(index);
      group.row = row;
    }
  });
  return { groups: [...byId.values()], rejected };
}

export class BulkResultBuilder {
  private inserted = 0;
  private updated = 0;
  private readonly rejected: BulkRejection[];

  constructor(validationRejections: BulkRejection[]) {
    this.rejected = [...validationRejections];
  }

  /** The group's row was written; `created` says whether its id was new to the store. */
  written(group: BulkGroup<unknown>, created: boolean): void {
    const repeats = group.indexes.length;
    if (created) {
      this.inserted += 1;
      this.updated += repeats - 1;
    } else this.updated += repeats;
  }

  reject(group: BulkGroup<unknown>, code: BulkRejection['code'], message: string): void {
    for (const index of group.indexes) this.rejected.push({ index, id: group.id, code, message });
  }

  result(): BulkResult {
    const rejected = [...this.rejected].sort((a, b) => a.index - b.index);
    return { inserted: this.inserted, updated: this.updated, rejected };
  }
}
