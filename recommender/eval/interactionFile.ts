import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { DataFileError, ValidationError } from '../../core/errors.js';
import type { InteractionRecord } from '../types.js';

/**
 * Reads interaction records for offline evaluation from a CSV or JSONL file, or a directory of them (read in name
 * order, e.g. one CSV per day). Column names are configurable; a preset sets them (and row filters) for known data.
 */
export interface InteractionFileOptions {
  userCol: string;
  itemCol: string;
  timeCol?: string;
  valueCol?: string;
  /** Column with the item's title, collected into `titles` (first non-empty title per item wins). */
  titleCol?: string;
  /** Rows are kept only when this returns true (after the user/item checks). */
  keepRow?: (row: Readonly<Record<string, string>>) => boolean;
  /** For a directory input: read only the files whose name passes (e.g. a date range of per-day files). */
  fileFilter?: (fileName: string) => boolean;
  onProgress?: (progress: { files: number; totalFiles: number; rows: number; kept: number }) => void;
}

export interface InteractionFileData {
  records: InteractionRecord[];
  titles: Map<string, string>;
  rows: number;
  skipped: number;
  files: number;
}

export type InteractionFilePreset = 'uci-retail';

/** UCI Online Retail: purchases only (no missing customer, no cancellation invoice 'C…', quantity > 0). */
export function presetOptions(preset: InteractionFilePreset): Omit<InteractionFileOptions, 'onProgress'> {
  switch (preset) {
    case 'uci-retail':
      return {
        userCol: 'CustomerID',
        itemCol: 'StockCode',
        timeCol: 'InvoiceDate',
        valueCol: 'Quantity',
        titleCol: 'Description',
        keepRow: (row) => !(row.InvoiceNo ?? '').startsWith('C') && Number(row.Quantity) > 0,
      };
  }
}

/** Parses ISO 8601, 'YYYY-MM-DD HH:MM:SS' (UTC) or unix seconds; undefined when it is none of these. */
export function parseTimestamp(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const sqlLike = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/.exec(trimmed);
  const ms = sqlLike !== null ? Date.parse(`${sqlLike[1]}T${sqlLike[2]}Z`) : Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

/** '17850.0' → '17850' (float-formatted integer ids, as in the Databricks export); other ids unchanged. */
export function normaliseId(text: string): string {
  const trimmed = text.trim();
  return /^\d+\.0+$/.test(trimmed) ? trimmed.slice(0, trimmed.indexOf('.')) : trimmed;
}

async function listInputFiles(input: string, fileFilter: ((fileName: string) => boolean) | undefined): Promise<string[]> {
  const info = await stat(input).catch((error: unknown) => {
    throw new DataFileError(input, undefined, 'cannot be read', { cause: error });
  });
  if (!info.isDirectory()) return [input];
  const names = (await readdir(input)).filter((n) => /\.(csv|jsonl|ndjson)$/i.test(n) && (fileFilter?.(n) ?? true)).sort();
  if (names.length === 0) throw new DataFileError(input, undefined, 'directory has no .csv or .jsonl files');
  return names.map((n) => path.join(input, n));
}

async function* rowsOf(file: string): AsyncGenerator<Record<string, string>> {
  if (/\.(jsonl|ndjson)$/i.test(file)) {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      line += 1;
      if (text.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new DataFileError(file, `line ${line}`, 'not valid JSON', { cause: error });
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DataFileError(file, `line ${line}`, 'not a JSON object');
      const row: Record<string, string> = {};
      for (const [key, value] of Object.entries(parsed)) row[key] = value === null || value === undefined ? '' : String(value);
      yield row;
    }
    return;
  }
  const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) yield row;
}

/** Loads every usable row; rows missing user/item or with an unparseable time are counted in `skipped`. */
export async function readInteractionFile(input: string, options: InteractionFileOptions): Promise<InteractionFileData> {
  const files = await listInputFiles(input, options.fileFilter);
  const records: InteractionRecord[] = [];
  const titles = new Map<string, string>();
  let rows = 0;
  let skipped = 0;
  for (const [index, file] of files.entries()) {
    let checkedHeader = false;
    for await (const row of rowsOf(file)) {
      if (!checkedHeader) {
        checkedHeader = true;
        const missing = [options.userCol, options.itemCol, options.timeCol, options.valueCol].filter((c): c is string => c !== undefined && !(c in row));
        if (missing.length > 0) throw new DataFileError(file, 'header', `missing column(s) ${missing.join(', ')}; present: ${Object.keys(row).join(', ')}`);
      }
      rows += 1;
      const userId = normaliseId(row[options.userCol] ?? '');
      const itemId = (row[options.itemCol] ?? '').trim();
      const timestamp = options.timeCol === undefined ? undefined : parseTimestamp(row[options.timeCol] ?? '');
      const value = options.valueCol === undefined ? 1 : Number(row[options.valueCol]);
      if (userId === '' || itemId === '' || (options.timeCol !== undefined && timestamp === undefined) || !Number.isFinite(value)) {
        skipped += 1;
        continue;
      }
      if (options.keepRow !== undefined && !options.keepRow(row)) {
        skipped += 1;
        continue;
      }
      records.push({ userId, itemId, kind: 'purchase', value, timestamp });
      if (options.titleCol !== undefined && !titles.has(itemId)) {
        const title = (row[options.titleCol] ?? '').trim();
        if (title !== '') titles.set(itemId, title);
      }
    }
    options.onProgress?.({ files: index + 1, totalFiles: files.length, rows, kept: records.length });
  }
  if (records.length === 0) throw new ValidationError(`${input}: no usable interaction rows (read ${rows}, skipped ${skipped})`);
  return { records, titles, rows, skipped, files: files.length };
}
