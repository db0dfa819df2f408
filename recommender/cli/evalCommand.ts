import type { Config } from '../../core/config.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { evalHtml, evalJson, metricsTable, type EvalContext } from '../eval/evalReport.js';
import { evaluateModels, type ModelUnderTest } from '../eval/evaluateModels.js';
import { presetOptions, readInteractionFile, type InteractionFileOptions } from '../eval/interactionFile.js';
import { binarise, lastKSplit, splitWarnings, timeSplit, type EvalSplit } from '../eval/split.js';
import type { InteractionRecord } from '../types.js';
import type { CliArgs } from './cliArgs.js';
import { itemKnn, modelUnderTest, parseModelKind, popularity } from './modelFlags.js';

/**
 * `eval`: load interactions (file or store), split (time or last-k), fit the model and both baselines on the same
 * train set, score the full ranking, print a table, optionally write --json and --report.
 */
export interface EvalCommandDeps {
  args: CliArgs;
  logger: Logger;
  out: (line: string) => void;
  /** Interactions from the configured store (used when --file is absent). */
  loadStoreRecords: () => Promise<InteractionRecord[]>;
  /** The configured hyper-parameters (RECOMMENDER_*): the defaults that flags override. */
  recommender: Config['recommender'];
}

const BASELINE_NEIGHBOURS = 20;

function fileOptions(args: CliArgs): InteractionFileOptions {
  const preset = args.string('preset');
  if (preset !== undefined && preset !== 'uci-retail') throw new ValidationError(`--preset: only 'uci-retail' is known, got '${preset}'`);
  const base: InteractionFileOptions = preset === 'uci-retail' ? presetOptions('uci-retail') : { userCol: 'userId', itemCol: 'itemId', timeCol: 'timestamp' };
  const filterCol = args.string('filter-col');
  const filterEquals = args.string('filter-equals');
  if ((filterCol === undefined) !== (filterEquals === undefined)) throw new ValidationError('--filter-col and --filter-equals go together');
  const presetKeep = base.keepRow;
  const keepRow =
    filterCol === undefined ? presetKeep : (row: Readonly<Record<string, string>>): boolean => row[filterCol] === filterEquals && (presetKeep?.(row) ?? true);
  return {
    ...base,
    userCol: args.string('user-col') ?? base.userCol,
    itemCol: args.string('item-col') ?? base.itemCol,
    timeCol: args.string('time-col') ?? base.timeCol,
    valueCol: args.string('value-col') ?? base.valueCol,
    keepRow,
  };
}

interface SplitFlags {
  lastK: number | undefined;
  testDays: number | undefined;
  excludeSeen: boolean;
}

function splitFlags(args: CliArgs): SplitFlags {
  const lastK = args.number('last-k', { min: 1, integer: true });
  const testDays = args.number('test-days', { min: 0.001 });
  if (lastK !== undefined && testDays !== undefined) throw new ValidationError('--last-k and --test-days are alternatives');
  return { lastK, testDays, excludeSeen: !args.flag('include-seen') };
}

function makeSplit(records: InteractionRecord[], { lastK, testDays, excludeSeen }: SplitFlags): { split: EvalSplit; protocol: string } {
  const split = lastK !== undefined ? lastKSplit(records, { k: lastK, excludeSeen }) : timeSplit(records, { testDays: testDays ?? 30, excludeSeen });
  const protocol =
    (lastK !== undefined ? `per-user last ${lastK} as test` : `last ${testDays ?? 30} days as test (cutoff ${new Date(split.cutoff ?? 0).toISOString()})`) +
    `; ${excludeSeen ? 'items bought in train excluded from targets and rankings' : 'seen items kept'}; full ranking over all items`;
  return { split, protocol };
}

export async function runEvalCommand(deps: EvalCommandDeps): Promise<void> {
  const { args, logger, out } = deps;
  const file = args.string('file');
  const k = args.number('k', { min: 1, max: 1000, integer: true }) ?? 10;
  const minValue = args.number('min-value');
  const keepRepeats = args.flag('keep-repeats');
  const kind = parseModelKind(args.string('model'), deps.recommender.model);
  const main = modelUnderTest(kind, args, logger, deps.recommender);
  const jsonFile = args.string('json');
  const reportFile = args.string('report');
  const flags = splitFlags(args);
  const options = file === undefined ? undefined : fileOptions(args);
  args.assertAllUsed();
  let records: InteractionRecord[];
  let dataset: string;
  if (file !== undefined && options !== undefined) {
    out(`reading ${file}`);
    const data = await readInteractionFile(file, {
      ...options,
      onProgress: (p) => {
        if (p.files === p.totalFiles || p.files % 25 === 0) out(`  read ${p.files}/${p.totalFiles} files, ${p.rows} rows, ${p.kept} kept`);
      },
    });
    records = data.records;
    dataset = `${file} (${data.rows} rows, ${data.skipped} dropped)`;
  } else {
    out('reading interactions from the configured store');
    records = await deps.loadStoreRecords();
    dataset = `store (${records.length} interactions)`;
  }
  if (minValue !== undefined) records = records.filter((r) => (r.value ?? 1) >= minValue);
  const { split, protocol } = makeSplit(records, flags);
  if (!keepRepeats) split.train = binarise(split.train, minValue === undefined ? {} : { minValue });
  const testTargets = [...split.test.values()].reduce((sum, s) => sum + s.size, 0);
  out(`split: ${split.train.length} train ${keepRepeats ? 'records' : 'pairs'}, ${split.test.size} test users, ${testTargets} targets (${split.droppedColdUsers} cold users and ${split.droppedSeenTargets} seen targets dropped)`);
  if (split.test.size === 0) throw new ValidationError('the split has no test users: widen --test-days or use --last-k');
  const warnings = splitWarnings(split);
  for (const warning of warnings) out(`warning: ${warning}`);
  const models: ModelUnderTest[] = [main];
  if (kind !== 'popularity') models.push(popularity(logger));
  // Baseline item-kNN keeps 20 neighbours per item (implicit's ItemItemRecommender default; the stronger setting on UCI).
  if (kind !== 'itemknn') models.push(itemKnn(BASELINE_NEIGHBOURS, 0, logger));
  const ks = [...new Set([1, 5, 10, 20, 50, k])].sort((a, b) => a - b);
  const results = await evaluateModels(split, models, { ks, excludeSeen: flags.excludeSeen, log: out });
  out('');
  out(metricsTable(results, k));
  const context: EvalContext = { dataset, protocol, k, trainRecords: split.train.length, testUsers: split.test.size, testTargets, warnings };
  const mainResult = results[0];
  const baselines = [...results.slice(1), ...(kind === 'popularity' || kind === 'itemknn' ? [mainResult] : [])];
  if (jsonFile !== undefined) {
    await mkdir(path.dirname(path.resolve(jsonFile)), { recursive: true });
    await writeFile(jsonFile, `${JSON.stringify(evalJson(mainResult, baselines, context), null, 2)}\n`);
    out(`wrote ${jsonFile}`);
  }
  if (reportFile !== undefined) {
    await mkdir(path.dirname(path.resolve(reportFile)), { recursive: true });
    await writeFile(reportFile, evalHtml(results, context));
    out(`wrote ${reportFile}`);
  }
}
