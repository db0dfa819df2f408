import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { defaultIntentsFile, loadIntentsFile } from '../data/intentsFile.js';
import { normaliseLabels, parseLabelMap, readDataset, readDatasets, type LabelledText } from '../eval/datasets.js';
import { evaluateSentiment, summarise } from '../eval/evaluate.js';
import { intentModelDir, trainAndSave } from '../nluService.js';
import { loadServiceRequests, neutralExtraTexts, type ServiceRequestSplit } from '../sentiment/serviceSentimentData.js';
import { SENTIMENT_CLASS, sentimentLabelOf } from '../sentiment/sentimentLabels.js';
import { serviceSentimentMetrics } from '../sentiment/serviceSentimentEval.js';
import { calibrateUpsetThresholds } from '../sentiment/upsetCalibration.js';
import { defaultSentimentModelDir, NEUTRAL_BAND, TrainedSentimentAnalyzer } from '../sentiment/trainedSentiment.js';
import type { TrainProgress } from '../types.js';
import { seededRandom, shuffled } from '../util/random.js';
import { cachedEncoderFor, listOption, numberOption, stringOption, type CliContext, type CliValues } from './cliContext.js';

export function progressPrinter(ctx: CliContext, what: string): (p: TrainProgress) => void {
  let lastEmbedding = 0;
  return (p) => {
    if (p.stage === 'embedding' && p.done !== p.total && p.done - lastEmbedding < 2048) return;
    if (p.stage === 'embedding') lastEmbedding = p.done;
    ctx.progress(`${what}: ${p.stage} ${p.done}/${p.total}${p.loss === undefined ? '' : ` loss ${p.loss.toFixed(4)}`}`);
  };
}

/** sha256 of a file; of a `seq.in` + `label` folder, of those two files concatenated. */
async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  if (statSync(file).isDirectory()) for (const part of ['seq.in', 'label']) hash.update(await readFile(path.join(file, part)));
  else hash.update(await readFile(file));
  return hash.digest('hex');
}

export async function trainIntents(ctx: CliContext, values: CliValues): Promise<void> {
  const file = stringOption(values, 'intents') ?? ctx.config.nlu.intentsFile ?? defaultIntentsFile();
  const data = await loadIntentsFile(file);
  ctx.progress(`intents: ${data.intents.length} intents from ${file}`);
  const encoder = await ctx.encoder();
  const config = { ...ctx.config, nlu: { ...ctx.config.nlu, intentsFile: file } };
  const { classifier, report } = await trainAndSave({ config, logger: ctx.logger, encoder }, data);
  classifier.dispose();
  ctx.out(`${JSON.stringify({ ...report, dir: intentModelDir(ctx.config) }, null, 2)}\n`);
}

function subsample(rows: LabelledText[], max: number | undefined, seed: number): LabelledText[] {
  if (max === undefined || rows.length <= max) return rows;
  return shuffled(rows, seededRandom(seed)).slice(0, max);
}

/** Class index (0 negative, 1 positive, 2 neutral) of every row; a label that is none of them is an error. */
export function sentimentClassIds(rows: readonly LabelledText[]): number[] {
  return rows.map((row) => {
    const label = sentimentLabelOf(row.label);
    if (label === undefined) throw new ValidationError(`sentiment label '${row.label}' (${row.source ?? 'training data'}) is not 0/1/2 or negative/positive/neutral: map it with --label-map`);
    return SENTIMENT_CLASS[label];
  });
}

/** Each training file, label-normalised and capped at --max-train rows (seeded sample). */
async function readTrainingFiles(values: CliValues, files: readonly string[], maxTrain: number | undefined, seed: number): Promise<LabelledText[]> {
  const labelMap = parseLabelMap(stringOption(values, 'label-map'));
  const columns = { textCol: stringOption(values, 'text-col'), labelCol: stringOption(values, 'label-col') };
  const parts = await Promise.all(files.map(async (file) => subsample(normaliseLabels(await readDatasets([file], columns), labelMap), maxTrain, seed)));
  return parts.flat();
}

/**
 * `train --task sentiment --train FILE [--test FILE] [--out DIR] [--max-train N] [--neutral BITEXT.csv [--neutral-text-col C]
 * [--neutral-holdout F]] [--service-test FIXTURE.tsv]`: the shipped artifact plus provenance.json. With --neutral the head
 * has 3 classes: plain requests are neutral, complaint/offensive rows negative; a held-out slice per intent is measured.
 */
export async function trainSentiment(ctx: CliContext, values: CliValues, argv: readonly string[]): Promise<void> {
  const trainFiles = listOption(values, 'train');
  const trainFile = trainFiles.join(',');
  if (trainFiles.length === 0) throw new ValidationError('train --task sentiment needs --train FILE[,FILE] (e.g. ../shared/data/sst2-glue/train.tsv)');
  const testFile = stringOption(values, 'test');
  const out = stringOption(values, 'out') ?? defaultSentimentModelDir();
  const seed = numberOption(values, 'seed', ctx.config.nlu.seed);
  const maxTrain = stringOption(values, 'max-train') === undefined ? undefined : numberOption(values, 'max-train', 0);
  const rows = await readTrainingFiles(values, trainFiles, maxTrain, seed);
  ctx.progress(`sentiment: ${rows.length} training texts from ${trainFile}`);
  const neutralFile = stringOption(values, 'neutral');
  const serviceTest = stringOption(values, 'service-test');
  const holdout = numberOption(values, 'neutral-holdout', 0.2);
  const service: ServiceRequestSplit | undefined =
    neutralFile === undefined ? undefined : await loadServiceRequests(neutralFile, { textCol: stringOption(values, 'neutral-text-col'), holdout, seed });
  const extraFiles = listOption(values, 'neutral-extra');
  const extra = neutralExtraTexts((await readDatasets(extraFiles)).map((r) => r.text), numberOption(values, 'max-neutral-extra', 3000), seed);
  const serviceRows = service === undefined ? [] : [...service.neutralTrain, ...extra].map((text) => ({ text, label: '2' })).concat(service.negativeTrain.map((text) => ({ text, label: '0' })));
  if (extra.length > 0) ctx.progress(`sentiment: ${extra.length} extra neutral texts from ${extraFiles.join(',')}`);
  if (service !== undefined) ctx.progress(`sentiment: ${service.neutralTrain.length} neutral + ${service.negativeTrain.length} negative requests from ${neutralFile} (held out: ${service.neutralHeldOut.length} + ${service.negativeHeldOut.length})`);
  const { encoder, persist } = await cachedEncoderFor(ctx, [...trainFiles, ...(neutralFile === undefined ? [] : [neutralFile]), ...extraFiles], values['no-cache'] !== true);
  const started = performance.now();
  const analyzer = await TrainedSentimentAnalyzer.train(
    [...rows, ...serviceRows].map((r) => r.text),
    sentimentClassIds([...rows, ...serviceRows]),
    { encoder, logger: ctx.logger, seed, tfjsBackend: ctx.config.tfjsBackend, onProgress: progressPrinter(ctx, 'sentiment') },
  );
  const trainSeconds = (performance.now() - started) / 1000;
  // Upset thresholds from neutral messages: held-out Bitext requests and the neutral rows of files with a context column.
  const neutralRows = rows.filter((r) => sentimentLabelOf(r.label) === 'neutral' && r.context !== undefined);
  const upsetThresholds = await calibrateUpsetThresholds(
    analyzer,
    [...(service?.neutralHeldOut ?? []), ...neutralRows.filter((r) => r.context !== 'answer').map((r) => r.text)],
    neutralRows.filter((r) => r.context === 'answer').map((r) => r.text),
  );
  analyzer.calibrateUpset(upsetThresholds);
  ctx.progress(`sentiment: upset thresholds ${JSON.stringify(upsetThresholds)}`);
  let testSummary: ReturnType<typeof summarise> | undefined;
  if (testFile !== undefined) {
    const testRows = await readDataset(testFile);
    const run = await evaluateSentiment(analyzer, encoder, await ctx.encoder(), testRows, ctx.progress);
    testSummary = summarise(run, { task: 'sentiment', encoder: encoder.id, model: analyzer.id, datasets: { test: testFile } });
    ctx.progress(`sentiment: test accuracy ${testSummary.accuracy.toFixed(4)} on ${testRows.length} texts`);
  }
  const serviceMetrics = await serviceSentimentMetrics(analyzer, service, serviceTest === undefined ? undefined : await readDataset(serviceTest));
  ctx.progress(`sentiment: service metrics ${JSON.stringify(serviceMetrics)}`);
  await persist();
  await analyzer.save(out, { trainedOn: path.basename(trainFile), trainExamples: rows.length });
  const provenance = {
    model: analyzer.id,
    encoder: encoder.id,
    createdAt: new Date().toISOString(),
    command: `npm run nlu -- ${argv.join(' ')}`,
    seed,
    neutralBand: NEUTRAL_BAND,
    trainSeconds: Math.round(trainSeconds),
    data: {
      train: await Promise.all(trainFiles.map(async (file) => ({ file, sha256: await sha256(file), examples: rows.filter((r) => r.source === file).length, maxTrain: maxTrain ?? null }))),
      test: testFile === undefined ? null : { file: testFile, sha256: await sha256(testFile) },
      neutral:
        neutralFile === undefined || service === undefined
          ? null
          : { file: neutralFile, sha256: await sha256(neutralFile), neutralTrain: service.neutralTrain.length, negativeTrain: service.negativeTrain.length, heldOut: holdout, split: 'stratified per intent, seeded', excluded: 'intent complaint and tag W (offensive): trained as negative, not neutral' },
      neutralExtra: await Promise.all(extraFiles.map(async (file) => ({ file, sha256: await sha256(file) }))),
      neutralExtraExamples: extra.length,
      neutralExtraFilter: 'texts with a sentiment word dropped (nlu/sentiment/serviceSentimentData.ts), seeded sample',
      serviceTest: serviceTest === undefined ? null : { file: serviceTest, sha256: await sha256(serviceTest), note: 'hand-written before training, never trained on' },
      source: `training files: ${trainFile}` + (neutralFile === undefined ? '' : '; Bitext customer-support sample (CDLA-Sharing-1.0, (c) Bitext Innovations)') + (extraFiles.length === 0 ? '' : '; extra neutral: BANKING77 (CC BY 4.0) / CLINC150 OOS queries (CC BY 3.0)'),
      licence:
        'See each training file: the Stanford Sentiment Treebank states no explicit licence (research use is customary); Twitter US Airline Sentiment is CC BY-NC-SA 4.0 (non-commercial); nlu/data/shop-sentiment-train.tsv is Apache-2.0 (written for this project). Check before commercial use.',
    },
    classes: service === undefined ? ['negative', 'positive'] : ['negative', 'positive', 'neutral'],
    binaryScoring: 'positive if P(positive) + P(neutral)/2 > 0.5, i.e. argmax of P(negative) vs P(positive)',
    upsetThresholds,
    test: testSummary === undefined ? null : { accuracy: testSummary.accuracy, macroF1: testSummary.macroF1, n: testSummary.n },
    service: serviceMetrics,
  };
  await writeFile(path.join(out, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
  analyzer.dispose();
  ctx.out(`${JSON.stringify({ out, ...provenance.test, service: serviceMetrics, model: provenance.model }, null, 2)}\n`);
}
