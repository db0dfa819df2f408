import { writeFile } from 'node:fs/promises';
import type { Config } from '../../config.js';
import { isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../storage/types.js';
import { importEntities } from '../importEntities.js';
import type { ImportSummary } from '../importStats.js';
import { listInputFiles } from '../inputFiles.js';
import type { BadRow } from '../types.js';
import { importUciRetail } from '../uci/uciImport.js';
import { IMPORT_USAGE, parseImportArgs, type ImportArgs } from './importArgs.js';
import { createProgressReporter, type ProgressSink } from './progressReporter.js';

export interface ImportCommandDeps {
  config: Config;
  logger: Logger;
  openStore: (config: Config['storage'], logger: Logger) => Promise<Store>;
  stdout: ProgressSink;
  stderr: ProgressSink;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export function formatSummary(summary: ImportSummary): string {
  const lines = [
    `files: ${summary.files.length}`,
    `rows read: ${summary.rowsRead}`,
    `imported (new${summary.dropped === undefined ? '' : ' purchases'}): ${summary.imported}`,
    `updated (existing ids): ${summary.updated}`,
    `skipped: ${summary.skippedTotal}${summary.skippedTotal === 0 ? '' : ` (${Object.entries(summary.skipped).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', ')})`}`,
  ];
  if (summary.dropped !== undefined) {
    const total = Object.values(summary.dropped).reduce((a, b) => a + b, 0);
    lines.push(`dropped by cleaning rules: ${total} (${Object.entries(summary.dropped).map(([r, n]) => `${r} ${n}`).join(', ')})`);
  }
  lines.push(`written: ${Object.entries(summary.written).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing'}`);
  lines.push(`elapsed: ${(summary.elapsedMs / 1000).toFixed(1)} s, ${summary.rowsPerSecond} rows/s`);
  return lines.join('\n');
}

async function execute(args: ImportArgs, store: Store, deps: ImportCommandDeps, onBadRow: (row: BadRow) => void): Promise<ImportSummary> {
  const progress = createProgressReporter(deps.stderr);
  const common = {
    logger: deps.logger,
    strict: args.strict,
    batchSize: args.batchSize,
    maxRecordBytes: args.maxRecordBytes,
    invalidUtf8: args.invalidUtf8,
    onProgress: progress.update,
    onBadRow,
  };
  try {
    if (args.mode === 'uci-retail') {
      return await importUciRetail(store, await listInputFiles(args.path, ['.csv']), common);
    }
    const files = await listInputFiles(args.path, ['.csv', '.tsv', '.jsonl', '.ndjson']);
    return await importEntities(store, args.mode, files, {
      ...common,
      ...(args.format === undefined ? {} : { format: args.format }),
      delimiter: args.delimiter,
      mapping: args.mapping,
      defaults: { currency: args.currency, source: `import:${args.mode}` },
    });
  } finally {
    progress.finish();
  }
}

/** `npm run import`: parses argv, opens the configured store, imports, prints bad rows and a summary. Returns the exit code. */
export async function runImportCommand(argv: readonly string[], deps: ImportCommandDeps): Promise<number> {
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (error) {
    deps.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${IMPORT_USAGE}\n`);
    return EXIT_USAGE;
  }
  let printed = 0;
  const onBadRow = (row: BadRow): void => {
    if (printed >= args.maxPrintedBadRows) return;
    printed += 1;
    deps.stderr.write(`${row.file}:${row.line}: ${row.reason}: ${row.message}\n`);
  };
  let store: Store | undefined;
  try {
    store = await deps.openStore(deps.config.storage, deps.logger);
    const summary = await execute(args, store, deps, onBadRow);
    const notPrinted = summary.skippedTotal - printed;
    if (notPrinted > 0) deps.stderr.write(`... ${notPrinted} more bad rows not printed${args.jsonFile === undefined ? ' (use --json FILE)' : ''}\n`);
    deps.stdout.write(`${formatSummary(summary)}\n`);
    if (args.jsonFile !== undefined) {
      await writeFile(args.jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
      deps.stdout.write(`summary written to ${args.jsonFile}\n`);
    }
    return EXIT_OK;
  } catch (error) {
    const prefix = isAppError(error) ? `${error.code}: ` : '';
    deps.stderr.write(`import failed: ${prefix}${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  } finally {
    await store?.close();
  }
}
