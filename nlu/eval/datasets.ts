import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { DataFileError } from '../../core/errors.js';

/** One labelled text of an evaluation or training set. */
export interface LabelledText {
  text: string;
  label: string;
  /** The file it came from, when several are concatenated (metrics are also reported per source). */
  source?: string;
  /** Optional `context` column: 'answer' marks a reply to the bot's own question (sentiment upset decision). */
  context?: string;
}

export interface DatasetColumns {
  textCol?: string;
  labelCol?: string;
}

const TEXT_COLUMNS = ['text', 'sentence', 'utterance', 'content', 'instruction', 'query'];
const LABEL_COLUMNS = ['label', 'category', 'intent', 'class'];

function pick(record: Record<string, unknown>, explicit: string | undefined, guesses: readonly string[], file: string, row: number, what: string): string {
  const key = explicit ?? guesses.find((g) => g in record);
  const value = key === undefined ? undefined : record[key];
  if (value === undefined || value === null) {
    throw new DataFileError(file, `row ${row}`, `no ${what} column (${explicit ?? guesses.join('/')}); use --${what}-col`);
  }
  return String(value);
}

function fromRecords(records: Record<string, unknown>[], file: string, columns: DatasetColumns): LabelledText[] {
  return records.map((record, i) => {
    const row: LabelledText = {
      text: pick(record, columns.textCol, TEXT_COLUMNS, file, i + 2, 'text'),
      label: pick(record, columns.labelCol, LABEL_COLUMNS, file, i + 2, 'label'),
    };
    const context = record.context;
    if (typeof context === 'string' && context.trim() !== '') row.context = context.trim().toLowerCase();
    return row;
  });
}

/**
 * `--label-map "pos=positive,neg=negative"`: label renames, applied after trimming and lower-casing every label
 * (labels are case-insensitive: `NEGATIVE`, `Negative` and `negative` are one class).
 */
export function parseLabelMap(spec: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (spec ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [from, to, ...rest] = pair.split('=').map((s) => s.trim().toLowerCase());
    if (from === undefined || to === undefined || from === '' || rest.length > 0) throw new DataFileError('--label-map', pair, 'expected FROM=TO pairs separated by commas');
    map.set(from, to);
  }
  return map;
}

export function normaliseLabels(rows: readonly LabelledText[], map: ReadonlyMap<string, string> = new Map()): LabelledText[] {
  return rows.map((row) => {
    const label = row.label.trim().toLowerCase();
    return { ...row, label: map.get(label) ?? label };
  });
}

async function readFolder(dir: string): Promise<LabelledText[]> {
  const texts = (await readFile(path.join(dir, 'seq.in'), 'utf8')).split('\n');
  const labels = (await readFile(path.join(dir, 'label'), 'utf8')).split('\n');
  while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  while (labels.length > 0 && labels[labels.length - 1] === '') labels.pop();
  if (texts.length !== labels.length) throw new DataFileError(dir, 'seq.in/label', `${texts.length} texts but ${labels.length} labels`);
  return texts.map((text, i) => ({ text, label: (labels[i] ?? '').trim() }));
}

/**
 * Reads a labelled dataset: CSV (header), TSV (header), JSONL (one object a line), a folder with `seq.in` + `label`
 * (one utterance / one label a line), or plain lines `<label> <text>` (the SST `stsa.binary.*` files).
 */
export async function readDataset(file: string, columns: DatasetColumns = {}): Promise<LabelledText[]> {
  if (!existsSync(file)) throw new DataFileError(file, undefined, 'file not found');
  if (statSync(file).isDirectory()) return readFolder(file);
  const content = await readFile(file, 'utf8');
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.tsv') {
    const records = parseCsv(content, {
      columns: true,
      skip_empty_lines: true,
      delimiter: extension === '.tsv' ? '\t' : ',',
      quote: extension === '.tsv' ? false : '"',
      relax_column_count: false,
    }) as Record<string, unknown>[];
    return fromRecords(records, file, columns);
  }
  if (extension === '.jsonl' || extension === '.ndjson') {
    const records = content
      .split('\n')
      .map((line, i) => ({ line: line.trim(), i }))
      .filter(({ line }) => line !== '')
      .map(({ line, i }) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch (error) {
          throw new DataFileError(file, `line ${i + 1}`, 'invalid JSON', { cause: error });
        }
      });
    return fromRecords(records, file, columns);
  }
  return content
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== '')
    .map(({ line, i }) => {
      const space = line.indexOf(' ');
      if (space <= 0) throw new DataFileError(file, `line ${i + 1}`, 'expected "<label> <text>"');
      return { label: line.slice(0, space), text: line.slice(space + 1) };
    });
}

/** Reads and concatenates several datasets (comma-separated paths on the command line). */
export async function readDatasets(files: readonly string[], columns: DatasetColumns = {}): Promise<LabelledText[]> {
  const parts = await Promise.all(files.map(async (f) => (await readDataset(f, columns)).map((row) => ({ ...row, source: f }))));
  return parts.flat();
}
