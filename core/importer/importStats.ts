import { SKIP_REASONS, type BadRow, type SkipReason } from './types.js';

export interface ImportProgress {
  file: string;
  bytesRead: number; // over all files so far
  totalBytes: number;
  rowsRead: number;
  elapsedMs: number;
}

export interface ImportSummary {
  mode: string;
  files: string[];
  rowsRead: number;
  imported: number; // new rows written
  updated: number; // rows that already existed (re-run) and were overwritten
  skipped: Record<SkipReason, number>;
  skippedTotal: number;
  /** uci-retail only: rows dropped on purpose by the cleaning rules, by rule */
  dropped?: Record<string, number>;
  /** rows written per entity (inserted + updated) */
  written: Record<string, number>;
  badRows: BadRow[]; // the first `maxBadRowsKept`
  badRowsOmitted: number;
  elapsedMs: number;
  rowsPerSecond: number;
  bytesRead: number;
}

/** Mutable counters an import run fills in; `summary()` freezes them into an ImportSummary. */
export class ImportStats {
  rowsRead = 0;
  imported = 0;
  updated = 0;
  bytesRead = 0;
  readonly skipped: Record<SkipReason, number>;
  readonly written: Record<string, number> = {};
  dropped: Record<string, number> | undefined;
  private readonly badRows: BadRow[] = [];
  private omitted = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly mode: string,
    private readonly maxBadRowsKept = 1000,
  ) {
    this.skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  }

  addBadRow(row: BadRow): void {
    this.skipped[row.reason] += 1;
    if (this.badRows.length < this.maxBadRowsKept) this.badRows.push(row);
    else this.omitted += 1;
  }

  addWritten(entity: string, inserted: number, updated: number): void {
    this.imported += inserted;
    this.updated += updated;
    this.written[entity] = (this.written[entity] ?? 0) + inserted + updated;
  }

  /** Lists every drop rule up front so the summary shows zeros too. */
  declareDropReasons(reasons: readonly string[]): void {
    this.dropped ??= {};
    for (const reason of reasons) this.dropped[reason] ??= 0;
  }

  addDropped(reason: string): void {
    this.dropped ??= {};
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  summary(files: string[]): ImportSummary {
    const elapsedMs = this.elapsedMs();
    const skippedTotal = Object.values(this.skipped).reduce((a, b) => a + b, 0);
    return {
      mode: this.mode,
      files,
      rowsRead: this.rowsRead,
      imported: this.imported,
      updated: this.updated,
      skipped: { ...this.skipped },
      skippedTotal,
      ...(this.dropped === undefined ? {} : { dropped: { ...this.dropped } }),
      written: { ...this.written },
      badRows: [...this.badRows],
      badRowsOmitted: this.omitted,
      elapsedMs,
      rowsPerSecond: elapsedMs > 0 ? Math.round((this.rowsRead * 1000) / elapsedMs) : this.rowsRead,
      bytesRead: this.bytesRead,
    };
  }
}
