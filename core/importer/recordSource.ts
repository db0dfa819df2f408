import { createReadStream } from 'node:fs';
import { DataFileError } from '../errors.js';
import { applyMappingToObject, resolveColumns, type ColumnMapping } from './columnMapping.js';
import { readCsvRecords } from './csvRecords.js';
import { readLines } from './lineReader.js';
import type { InputFormat, InvalidUtf8Policy, SourceRecord } from './types.js';

export interface RecordSourceOptions {
  format: InputFormat;
  delimiter: string;
  mapping: ColumnMapping;
  /** the fields the target entity knows, and those that must be present (CSV header check) */
  fields: readonly string[];
  requiredFields: readonly string[];
  maxRecordBytes: number;
  invalidUtf8: InvalidUtf8Policy;
  onBytes?: (bytesRead: number) => void;
}

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
const MAX_RECORD_LINES = 200;

/** Infers the format from the file extension (.csv, .tsv, .jsonl, .ndjson); undefined when it cannot tell. */
export function formatFromPath(path: string): InputFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

async function* readCsvSource(file: string, options: RecordSourceOptions): AsyncGenerator<SourceRecord> {
  const lines = readLines(createReadStream(file), {
    maxLineBytes: options.maxRecordBytes,
    invalidUtf8: options.invalidUtf8,
    ...(options.onBytes === undefined ? {} : { onBytes: options.onBytes }),
  });
  const records = readCsvRecords(lines, {
    delimiter: options.delimiter,
    maxRecordBytes: options.maxRecordBytes,
    maxRecordLines: MAX_RECORD_LINES,
  });
  let columns: Map<string, number> | undefined;
  let width = 0;
  for await (const record of records) {
    if (columns === undefined) {
      if (!record.ok) throw new DataFileError(file, `line ${record.line}`, `unreadable header: ${record.message}`);
      const resolved = resolveColumns(record.fields, options.fields, options.requiredFields, options.mapping);
      if (resolved.missing.length > 0) {
        throw new DataFileError(file, 'header', `${resolved.missing.join('; ')}; header columns: ${record.fields.join(', ')}`, {
          details: { missing: resolved.missing, header: record.fields },
        });
      }
      columns = resolved.indexByField;
      width = record.fields.length;
      continue;
    }
    if (!record.ok) {
      yield record;
      continue;
    }
    if (record.fields.length !== width) {
      yield { ok: false, line: record.line, reason: 'malformed', message: `expected ${width} columns, found ${record.fields.length}` };
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const [field, index] of columns) values[field] = record.fields[index];
    yield { ok: true, line: record.line, values };
  }
  if (columns === undefined) throw new DataFileError(file, undefined, 'empty file: no CSV header');
}

async function* readJsonlSource(file: string, options: RecordSourceOptions): AsyncGenerator<SourceRecord> {
  const lines = readLines(createReadStream(file), {
    maxLineBytes: options.maxRecordBytes,
    invalidUtf8: options.invalidUtf8,
    ...(options.onBytes === undefined ? {} : { onBytes: options.onBytes }),
  });
  for await (const raw of lines) {
    if (!raw.ok) {
      yield raw;
      continue;
    }
    if (raw.text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.text);
    } catch (error) {
      const detail = error instanceof SyntaxError ? error.message : 'unparseable';
      yield { ok: false, line: raw.line, reason: 'malformed', message: `invalid JSON: ${detail}` };
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      yield { ok: false, line: raw.line, reason: 'malformed', message: 'expected one JSON object per line' };
      continue;
    }
    yield { ok: true, line: raw.line, values: applyMappingToObject(parsed as Record<string, unknown>, options.fields, options.mapping) };
  }
}

/**
 * Streams the records of one CSV or JSONL file with their starting line numbers, mapped to entity
 * field names. Broken records are yielded as `{ ok: false }` and reading continues; a missing required
 * CSV column throws DataFileError naming the column and the mapping.
 */
export function readRecords(file: string, options: RecordSourceOptions): AsyncGenerator<SourceRecord> {
  return options.format === 'csv' ? readCsvSource(file, options) : readJsonlSource(file, options);
}
