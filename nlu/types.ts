/**
 * NLU ports and result types. These are the only NLU types the bot sees: no transformers.js or TF.js object
 * crosses this boundary.
 */

/** Sentence encoder: texts in, L2-normalised vectors out (one per text, `dimensions` long). */
export interface Encoder {
  /** Stable identifier of the model and its settings, e.g. 'use-lite@0.2.0' or 'transformers:Xenova/all-MiniLM-L6-v2:mean:fp32'. */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface IntentExample {
  text: string;
  intent: string;
}

export interface IntentScore {
  intent: string;
  confidence: number;
}

export interface NearestExample {
  text: string;
  intent: string;
  similarity: number;
}

export interface IntentResult {
  /** Top intent, or null when out of scope. */
  intent: string | null;
  confidence: number;
  outOfScope: boolean;
  /** Ranked candidates, best first (also filled when out of scope). */
  ranking: IntentScore[];
  /** Nearest training examples, for explanations. */
  nearest: NearestExample[];
  modelVersion: string;
}

export interface IntentTrainOptions {
  seed?: number;
  epochs?: number;
  /** Held-out examples used to calibrate the out-of-scope threshold; optional. */
  validation?: IntentExample[];
  onProgress?: (progress: TrainProgress) => void;
}

export interface TrainProgress {
  stage: 'embedding' | 'training' | 'calibrating';
  done: number;
  total: number;
  loss?: number;
}

export interface IntentTrainReport {
  examples: number;
  intents: number;
  epochs: number;
  seconds: number;
  oosThreshold: number;
  modelVersion: string;
}

export interface IntentClassifier {
  readonly trained: boolean;
  readonly intents: readonly string[];
  readonly oosThreshold: number;
  train(examples: readonly IntentExample[], options?: IntentTrainOptions): Promise<IntentTrainReport>;
  /** Throws ModelNotTrainedError when untrained. */
  classify(text: string): Promise<IntentResult>;
  classifyBatch(texts: readonly string[]): Promise<IntentResult[]>;
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** Confidence of `label`, 0..1. */
  score: number;
  /** Probability that the text is positive, 0..1 (0.5 = neutral). */
  positive: number;
  /** Probability of the negative class, 0..1 (3-class models; derived from `positive` otherwise). */
  negative?: number;
  /**
   * Is this customer upset? P(negative) against a threshold calibrated at training so that plain requests rarely
   * count, stricter for a short answer to the bot's own question ("no, it was last month"). Set by `understand`.
   */
  upset?: boolean;
}

/** What the bot knows about the turn that the text alone does not say. */
export interface TurnContext {
  /** The bot's previous message asked the customer a question (an order number, yes/no...). */
  botAskedQuestion?: boolean;
}

export interface LanguageResult {
  /** ISO 639-1 code of the detected language, or 'und' when too short or unclear to tell. */
  code: string;
  /** The detector is confident (enough distinct letter sequences, a clear winner). */
  reliable: boolean;
  /** Reliably another language than those the intents cover (NLU_LANGUAGES): reply honestly or hand over. */
  unsupported: boolean;
}

/** P(negative) thresholds of the "is this customer upset?" decision. */
export interface UpsetThresholds {
  /** Any message. */
  default: number;
  /** A message answering the bot's own question: short answers ("no, it was last month") are rarely complaints. */
  afterQuestion: number;
}

export interface SentimentAnalyzer {
  readonly id: string;
  /** Calibrated when the model was trained; defaults otherwise. */
  readonly upsetThresholds: UpsetThresholds;
  analyze(texts: readonly string[]): Promise<SentimentResult[]>;
  /** Sentiment of texts whose sentence embeddings are already known (one encoder call per message), when the analyzer uses the same encoder. */
  analyzeEmbedded?(texts: readonly string[], embeddings: readonly (Float32Array | undefined)[]): SentimentResult[];
}

export interface NluResult {
  text: string;
  intent: IntentResult;
  sentiment: SentimentResult;
  /** Detected language (absent from results made without a detector, e.g. test doubles). */
  language?: LanguageResult;
}

/** What the bot calls for every customer message. */
export interface NluService {
  understand(text: string, context?: TurnContext): Promise<NluResult>;
}
