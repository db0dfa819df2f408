import { parseArgs } from 'node:util';
import { ValidationError } from '../../errors.js';
import { parseColumnMapping, type ColumnMapping } from '../columnMapping.js';
import { ENTITY_KINDS, INPUT_FORMATS, type EntityKind, type InputFormat, type InvalidUtf8Policy } from '../types.js';

export type ImportMode = EntityKind | 'uci-retail';

export interface ImportArgs {
  mode: ImportMode;
  path: string;
  format: InputFormat | undefined;
  delimiter: string;
  mapping: ColumnMapping;
  strict: boolean;
  jsonFile: string | undefined;
  batchSize: number;
  maxRecordBytes: number;
  invalidUtf8: InvalidUtf8Policy;
  currency: string;
  maxPrintedBadRows: number;
}

export const IMPORT_USAGE = `Usage: npm run import -- <products|interactions|customers|orders|uci-retail> FILE|DIR [flags]

  --format csv|jsonl        input format (default: from the file extension)
  --delimiter C             CSV delimiter (default ","; "\\t" for tab)
  --map field=Column        read entity field from another column (repeatable), e.g. --map id=StockCode
  --strict                  abort on the first bad row and exit 1 (default: report it and skip it)
  --json FILE               also write the summary (with bad rows) as JSON
  --batch-size N            rows per bulk upsert (default 1000)
  --max-record-bytes N      longest accepted record/line (default 1048576)
  --invalid-utf8 skip|replace  lines with non-UTF-8 bytes: skip them (default) or decode with U+FFFD
  --currency XXX            currency for products/orders without one (default GBP)
  --print-bad-rows N        bad rows printed to stderr (default 100; all are counted)

The target store comes from the environment: DATA_DIR (SQLite) or MONGODB_URI.`;

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ValidationError(`--${flag} expects a non-negative integer, got "${value}"`);
  return n;
}

/** Parses the command line (without the node/script prefix); usage mistakes are ValidationErrors. */
export function parseImportArgs(argv: readonly string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        delimiter: { type: 'string' },
        map: { type: 'string', multiple: true },
        strict: { type: 'boolean' },
        json: { type: 'string' },
        'batch-size': { type: 'string' },
        'max-record-bytes': { type: 'string' },
        'invalid-utf8': { type: 'string' },
        currency: { type: 'string' },
        'print-bad-rows': { type: 'string' },
      },
    });
  } catch (error) {
    throw new ValidationError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values, positionals } = parsed;
  const [mode, path, ...extra] = positionals;
  const modes: readonly string[] = [...ENTITY_KINDS, 'uci-retail'];
  if (mode === undefined || !modes.includes(mode)) throw new ValidationError(`first argument must be one of ${modes.join(', ')}`);
  if (path === undefined || extra.length > 0) throw new ValidationError('expected exactly one FILE or DIR after the mode');
  const format = values.format;
  if (format !== undefined && !(INPUT_FORMATS as readonly string[]).includes(format)) throw new ValidationError(`--format must be csv or jsonl`);
  const invalidUtf8 = values['invalid-utf8'] ?? 'skip';
  if (invalidUtf8 !== 'skip' && invalidUtf8 !== 'replace') throw new ValidationError('--invalid-utf8 must be skip or replace');
  const delimiter = values.delimiter === '\\t' ? '\t' : (values.delimiter ?? ',');
  if (delimiter === '' || delimiter.includes('"') || delimiter.includes('\n')) throw new ValidationError('--delimiter must be a non-empty string without quotes or newlines');
  const currency = (values.currency ?? 'GBP').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new ValidationError('--currency expects a 3-letter code');
  return {
    mode: mode as ImportMode,
    path,
    format: format as InputFormat | undefined,
    delimiter,
    mapping: parseColumnMapping(values.map ?? []),
    strict: values.strict === true,
    jsonFile: values.json,
    batchSize: Math.max(1, positiveInt('batch-size', values['batch-size'], 1000)),
    maxRecordBytes: Math.max(1024, positiveInt('max-record-bytes', values['max-record-bytes'], 1024 * 1024)),
    invalidUtf8,
    currency,
    maxPrintedBadRows: positiveInt('print-bad-rows', values['print-bad-rows'], 100),
  };
}
