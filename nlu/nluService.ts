import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../core/config.js';
import { AppError, isAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { calibrationExamples, defaultIntentsFile, loadIntentsFile, trainingExamples, type IntentsData } from './data/intentsFile.js';
import { normaliseText } from './features/normaliseText.js';
import { HybridIntentClassifier } from './intents/hybridIntentClassifier.js';
import { LanguageDetector } from './language/languageDetector.js';
import { isUpset } from './sentiment/sentimentLabels.js';
import { defaultSentimentModelDir, TrainedSentimentAnalyzer } from './sentiment/trainedSentiment.js';
import { TransformersSentimentAnalyzer } from './sentiment/transformersSentiment.js';
import type { Encoder, IntentTrainReport, NluResult, NluService, SentimentAnalyzer, TurnContext } from './types.js';

export interface NluRuntime extends NluService {
  /** Retrains the intent model from the intents YAML next to the serving one and swaps it in; on failure the old one keeps serving. */
  retrain(): Promise<IntentTrainReport>;
  readonly modelVersion: string;
}

export interface NluServiceDeps {
  config: Config;
  logger: Logger;
  encoder: Encoder;
}

const SOURCE_FILE = 'source.json';

interface ModelSource {
  contentHash: string;
  encoderId: string;
  intentsFile: string;
}

export function intentModelDir(config: Config): string {
  return path.join(config.storage.dataDir, 'models', 'intents');
}

async function savedSourceMatches(dir: string, expected: ModelSource): Promise<boolean> {
  try {
    const saved = JSON.parse(await readFile(path.join(dir, SOURCE_FILE), 'utf8')) as Partial<ModelSource>;
    return saved.contentHash === expected.contentHash && saved.encoderId === expected.encoderId;
  } catch {
    return false;
  }
}

/** Sentiment: a configured transformers.js model, else an artifact under dataDir, else the one shipped in nlu/models. */
async function openSentiment(deps: NluServiceDeps): Promise<SentimentAnalyzer> {
  const { config, logger, encoder } = deps;
  if (config.nlu.sentimentModel !== undefined) return TransformersSentimentAnalyzer.load(config.nlu.sentimentModel, logger);
  const local = path.join(config.storage.dataDir, 'models', 'sentiment');
  const dir = existsSync(path.join(local, 'weights.json')) ? local : defaultSentimentModelDir();
  return TrainedSentimentAnalyzer.load(dir, encoder, logger, config.tfjsBackend);
}

class NluRuntimeImpl implements NluRuntime {
  private retraining: Promise<IntentTrainReport> | undefined;

  constructor(
    private readonly deps: NluServiceDeps,
    private classifier: HybridIntentClassifier,
    private readonly sentiment: SentimentAnalyzer,
    private readonly language: LanguageDetector,
  ) {}

  get modelVersion(): string {
    return this.classifier.modelVersion;
  }

  /**
   * One encoder call shared by intent and sentiment; no nearest-example lookup (the bot does not read it: use the
   * classifier's classify() for explanations). `context` refines the upset decision.
   */
  async understand(text: string, context: TurnContext = {}): Promise<NluResult> {
    const normalised = normaliseText(text);
    const [embedding] = normalised === '' ? [undefined] : await this.deps.encoder.embed([normalised]);
    // Read the classifier after the await: a retrain may have swapped it meanwhile.
    const classifier = this.classifier;
    const [intent] = classifier.classifyEmbedded([text], [embedding], { nearest: 0 });
    const [sentiment] = this.sentiment.analyzeEmbedded?.([text], [embedding]) ?? (await this.sentiment.analyze([text]));
    if (intent === undefined || sentiment === undefined) throw new AppError('INTERNAL', 'NLU produced no result');
    const upset = isUpset(sentiment, this.sentiment.upsetThresholds, context);
    return { text, intent, sentiment: { ...sentiment, upset }, language: this.language.detect(normalised) };
  }

  retrain(): Promise<IntentTrainReport> {
    this.retraining ??= this.trainAndSwap().finally(() => {
      this.retraining = undefined;
    });
    return this.retraining;
  }

  private async trainAndSwap(): Promise<IntentTrainReport> {
    const { logger } = this.deps;
    try {
      const data = await loadIntentsFile(intentsFileOf(this.deps.config));
      const { classifier, report } = await trainAndSave(this.deps, data);
      const previous = this.classifier;
      this.classifier = classifier;
      previous.dispose();
      logger.info({ modelVersion: report.modelVersion, previous: previous.modelVersion }, 'intent model swapped in');
      return report;
    } catch (error) {
      logger.error({ err: error, code: isAppError(error) ? error.code : undefined, serving: this.classifier.modelVersion }, 'intent retraining failed; the previous model keeps serving');
      throw error;
    }
  }
}

function intentsFileOf(config: Config): string {
  return config.nlu.intentsFile ?? defaultIntentsFile();
}

function newClassifier(deps: NluServiceDeps): HybridIntentClassifier {
  return new HybridIntentClassifier({
    encoder: deps.encoder,
    logger: deps.logger,
    tfjsBackend: deps.config.tfjsBackend,
    seed: deps.config.nlu.seed,
    oosThreshold: deps.config.nlu.oosThreshold,
  });
}

export async function trainAndSave(deps: NluServiceDeps, data: IntentsData): Promise<{ classifier: HybridIntentClassifier; report: IntentTrainReport }> {
  const classifier = newClassifier(deps);
  const dir = intentModelDir(deps.config);
  let lastLogged = 0;
  const report = await classifier.train(trainingExamples(data), {
    validation: calibrationExamples(data),
    onProgress: (p) => {
      if (p.stage === 'training' && p.done - lastLogged >= 5) {
        lastLogged = p.done;
        deps.logger.info({ ...p }, 'training intent model');
      }
    },
  });
  await classifier.save(dir);
  const source: ModelSource = { contentHash: data.contentHash, encoderId: deps.encoder.id, intentsFile: data.file };
  await writeFile(path.join(dir, SOURCE_FILE), `${JSON.stringify({ ...source, modelVersion: report.modelVersion }, null, 2)}\n`);
  return { classifier, report };
}

/**
 * Opens the NLU: loads the saved intent model from `${dataDir}/models/intents/` when it was trained from the same
 * intents file content with the same encoder, otherwise trains one (seconds) and saves it; loads sentiment.
 */
export async function createNluService(deps: NluServiceDeps): Promise<NluRuntime> {
  const { config, logger, encoder } = deps;
  const data = await loadIntentsFile(intentsFileOf(config));
  const dir = intentModelDir(config);
  const [sentiment, language] = await Promise.all([openSentiment(deps), LanguageDetector.load(config.nlu.languages)]);
  let classifier: HybridIntentClassifier | undefined;
  if (await savedSourceMatches(dir, { contentHash: data.contentHash, encoderId: encoder.id, intentsFile: data.file })) {
    const candidate = newClassifier(deps);
    try {
      await candidate.load(dir);
      classifier = candidate;
    } catch (error) {
      logger.warn({ err: error, dir }, 'saved intent model could not be loaded; retraining');
    }
  }
  if (classifier === undefined) {
    logger.info({ intentsFile: data.file, dir }, 'no intent model for this intents file and encoder; training one');
    classifier = (await trainAndSave(deps, data)).classifier;
  }
  return new NluRuntimeImpl(deps, classifier, sentiment, language);
}
