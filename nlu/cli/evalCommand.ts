import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { calibrationExamples, defaultIntentsFile, loadIntentsFile, testExamples, trainingExamples } from '../data/intentsFile.js';
import { normaliseLabels, parseLabelMap, readDatasets, type LabelledText } from '../eval/datasets.js';
import { evaluateIntents, evaluateSentiment, sentimentDetails, stratifiedFolds, summarise, toIntentExamples, type EvalRun, type EvalSummary } from '../eval/evaluate.js';
import { HybridIntentClassifier } from '../intents/hybridIntentClassifier.js';
import { renderEvalReport } from '../report/evalReport.js';
import { defaultSentimentModelDir, TrainedSentimentAnalyzer } from '../sentiment/trainedSentiment.js';
import type { Encoder, IntentExample } from '../types.js';
import { cachedEncoderFor, listOption, numberOption, stringOption, type CliContext, type CliValues } from './cliContext.js';
import { progressPrinter, sentimentClassIds } from './trainCommand.js';

/** Reads datasets with labels trimmed, lower-cased and renamed by --label-map. */
async function readLabelled(values: CliValues, files: readonly string[], columns: { textCol?: string; labelCol?: string } = {}): Promise<LabelledText[]> {
  return normaliseLabels(await readDatasets(files, columns), parseLabelMap(stringOption(values, 'label-map')));
}

const YAML_OOS_LABEL = '__out_of_scope__';

interface EvalOutcome {
  summary: EvalSummary;
  run: EvalRun;
}

async function writeOutputs(ctx: CliContext, values: CliValues, outcome: EvalOutcome): Promise<void> {
  const jsonFile = stringOption(values, 'json');
  const reportFile = stringOption(values, 'report');
  if (jsonFile !== undefined) {
    await mkdir(path.dirname(path.resolve(jsonFile)), { recursive: true });
    await writeFile(jsonFile, `${JSON.stringify(outcome.summary, null, 2)}\n`);
    ctx.progress(`wrote ${jsonFile}`);
  }
  if (reportFile !== undefined) {
    await mkdir(path.dirname(path.resolve(reportFile)), { recursive: true });
    await writeFile(reportFile, renderEvalReport(outcome.summary, outcome.run.predictions));
    ctx.progress(`wrote ${reportFile}`);
  }
  ctx.out(`${JSON.stringify(outcome.summary, null, 2)}\n`);
}

function newClassifier(ctx: CliContext, encoder: Encoder, values: CliValues): HybridIntentClassifier {
  return new HybridIntentClassifier({
    encoder,
    logger: ctx.logger,
    tfjsBackend: ctx.config.tfjsBackend,
    seed: numberOption(values, 'seed', ctx.config.nlu.seed),
    oosThreshold: ctx.config.nlu.oosThreshold,
    minOosRecall: stringOption(values, 'min-oos-recall') === undefined ? undefined : numberOption(values, 'min-oos-recall', 0.9),
  });
}

async function evalIntents(ctx: CliContext, values: CliValues): Promise<EvalOutcome> {
  const columns = { textCol: stringOption(values, 'text-col'), labelCol: stringOption(values, 'label-col') };
  const trainFiles = listOption(values, 'train');
  const testFiles = listOption(values, 'test');
  const validFiles = listOption(values, 'valid');
  const folds = numberOption(values, 'folds', 0);
  let oosLabel = stringOption(values, 'oos-label');
  const datasets: Record<string, string> = {};
  let train: LabelledText[];
  let test: LabelledText[];
  let calibration: IntentExample[] = [];
  if (trainFiles.length === 0) {
    const file = stringOption(values, 'intents') ?? ctx.config.nlu.intentsFile ?? defaultIntentsFile();
    const data = await loadIntentsFile(file);
    train = trainingExamples(data).map((e) => ({ text: e.text, label: e.intent }));
    calibration = calibrationExamples(data);
    datasets.train = `${file} (examples, out_of_scope_examples for the threshold)`;
    if (testFiles.length === 0) {
      oosLabel = YAML_OOS_LABEL;
      test = [...testExamples(data).map((e) => ({ text: e.text, label: e.intent })), ...data.outOfScopeTests.map((text) => ({ text, label: YAML_OOS_LABEL }))];
      datasets.test = `${file} (tests + out_of_scope_tests)`;
    } else {
      test = await readLabelled(values, testFiles, columns);
      datasets.test = testFiles.join(',');
    }
  } else {
    train = await readLabelled(values, trainFiles, columns);
    test = testFiles.length > 0 ? await readLabelled(values, testFiles, columns) : [];
    datasets.train = trainFiles.join(',');
    if (testFiles.length > 0) datasets.test = testFiles.join(',');
  }
  const valid = validFiles.length > 0 ? await readLabelled(values, validFiles, columns) : [];
  if (validFiles.length > 0) datasets.valid = validFiles.join(',');
  const { encoder, persist } = await cachedEncoderFor(ctx, [...trainFiles, ...testFiles, ...validFiles], values['no-cache'] !== true && trainFiles.length > 0);
  const raw = await ctx.encoder();
  const validation = [...calibration, ...toIntentExamples(valid, oosLabel)];
  const runFold = async (trainRows: LabelledText[], testRows: LabelledText[], name: string) => {
    const classifier = newClassifier(ctx, encoder, values);
    const report = await classifier.train(toIntentExamples(trainRows, oosLabel), { validation, onProgress: progressPrinter(ctx, name) });
    ctx.progress(`${name}: trained ${report.examples} examples, ${report.intents} intents in ${report.seconds.toFixed(1)} s; threshold ${report.oosThreshold.toFixed(3)}`);
    const run = await evaluateIntents(classifier, raw, testRows, oosLabel, ctx.progress);
    classifier.dispose();
    return { run, report };
  };
  let run: EvalRun;
  let trainSeconds = 0;
  let threshold = 0;
  if (folds >= 2) {
    const parts = stratifiedFolds(train.map((r) => r.label), folds, numberOption(values, 'seed', ctx.config.nlu.seed));
    run = { predictions: [], latenciesMs: [] };
    for (const [k, part] of parts.entries()) {
      const held = new Set(part);
      const result = await runFold(train.filter((_, i) => !held.has(i)), part.map((i) => train[i]).filter((r): r is LabelledText => r !== undefined), `fold ${k + 1}/${folds}`);
      run.predictions.push(...result.run.predictions);
      run.latenciesMs.push(...result.run.latenciesMs);
      trainSeconds += result.report.seconds;
      threshold = result.report.oosThreshold;
    }
  } else {
    if (test.length === 0) throw new ValidationError('eval needs --test FILE (or --folds K to cross-validate --train FILE)');
    const result = await runFold(train, test, 'intents');
    run = result.run;
    trainSeconds = result.report.seconds;
    threshold = result.report.oosThreshold;
  }
  await persist();
  const summary = summarise(run, {
    task: 'intents',
    encoder: encoder.id,
    model: 'hybrid-intent-classifier (embedding + hashed n-grams, TF.js softmax head)',
    oosThreshold: ctx.config.nlu.oosThreshold ?? threshold,
    folds: folds >= 2 ? folds : undefined,
    trainExamples: toIntentExamples(train, oosLabel).length,
    trainSeconds: Number(trainSeconds.toFixed(2)),
    datasets,
  });
  return { summary, run };
}

async function evalSentiment(ctx: CliContext, values: CliValues): Promise<EvalOutcome> {
  const testFiles = listOption(values, 'test');
  if (testFiles.length === 0) throw new ValidationError('eval --task sentiment needs --test FILE (e.g. ../shared/data/sst2-sentence/stsa.binary.test)');
  const trainFiles = listOption(values, 'train');
  const test = await readLabelled(values, testFiles);
  const { encoder, persist } = await cachedEncoderFor(ctx, [...trainFiles, ...testFiles], values['no-cache'] !== true);
  let analyzer: TrainedSentimentAnalyzer;
  const datasets: Record<string, string> = { test: testFiles.join(',') };
  if (trainFiles.length > 0) {
    const rows = await readLabelled(values, trainFiles);
    datasets.train = trainFiles.join(',');
    analyzer = await TrainedSentimentAnalyzer.train(rows.map((r) => r.text), sentimentClassIds(rows), {
      encoder,
      logger: ctx.logger,
      seed: numberOption(values, 'seed', ctx.config.nlu.seed),
      tfjsBackend: ctx.config.tfjsBackend,
      onProgress: progressPrinter(ctx, 'sentiment'),
    });
  } else {
    const local = path.join(ctx.config.storage.dataDir, 'models', 'sentiment');
    const dir = stringOption(values, 'model') ?? (existsSync(path.join(local, 'weights.json')) ? local : defaultSentimentModelDir());
    datasets.model = dir;
    analyzer = await TrainedSentimentAnalyzer.load(dir, encoder, ctx.logger, ctx.config.tfjsBackend);
  }
  const run = await evaluateSentiment(analyzer, encoder, await ctx.encoder(), test, ctx.progress);
  await persist();
  const summary = { ...summarise(run, { task: 'sentiment', encoder: encoder.id, model: analyzer.id, datasets }), ...sentimentDetails(run), upsetThresholds: analyzer.upsetThresholds };
  analyzer.dispose();
  return { summary, run };
}

export async function evalCommand(ctx: CliContext, values: CliValues): Promise<EvalSummary> {
  const task = stringOption(values, 'task') ?? 'intents';
  if (task !== 'intents' && task !== 'sentiment') throw new ValidationError(`--task must be intents or sentiment, got '${task}'`);
  const outcome = task === 'intents' ? await evalIntents(ctx, values) : await evalSentiment(ctx, values);
  await writeOutputs(ctx, values, outcome);
  return outcome.summary;
}
