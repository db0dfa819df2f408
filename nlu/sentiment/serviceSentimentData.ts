import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { DataFileError } from '../../core/errors.js';
import { seededRandom, shuffled, stratifiedSplit } from '../util/random.js';

/**
 * Customer-service requests as sentiment data (Bitext customer-support CSV: instruction, intent, tags).
 * Plain requests are the neutral class. Rows of an excluded intent (complaint) or with an excluded tag (W = offensive)
 * are not neutral: they are returned separately as in-domain negatives. Both are split per intent with a seed, so a
 * held-out slice can be rebuilt exactly (tests, evaluation) and is never trained on.
 */
export interface ServiceRequestOptions {
  textCol?: string;
  intentCol?: string;
  tagsCol?: string;
  /** Intents that are not neutral (default: complaint). */
  excludeIntents?: readonly string[];
  /** Tag letters that make a row not neutral (default: W, offensive language). */
  excludeTags?: string;
  /** Fraction held out per intent (default 0.2). */
  holdout?: number;
  seed: number;
}

export interface ServiceRequestSplit {
  neutralTrain: string[];
  neutralHeldOut: string[];
  negativeTrain: string[];
  negativeHeldOut: string[];
}

export const DEFAULT_SERVICE_OPTIONS = { textCol: 'instruction', intentCol: 'intent', tagsCol: 'tags', excludeIntents: ['complaint'], excludeTags: 'W', holdout: 0.2 } as const;

export async function loadServiceRequests(file: string, options: ServiceRequestOptions): Promise<ServiceRequestSplit> {
  const settings = { ...DEFAULT_SERVICE_OPTIONS, ...options };
  if (!existsSync(file)) throw new DataFileError(file, undefined, 'file not found');
  const records = parseCsv(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string | undefined>[];
  const rows = records.map((record, i) => {
    const text = record[settings.textCol];
    if (text === undefined) throw new DataFileError(file, `row ${i + 2}`, `no '${settings.textCol}' column`);
    const intent = record[settings.intentCol] ?? '';
    const tags = record[settings.tagsCol] ?? '';
    const negative = settings.excludeIntents.includes(intent) || [...settings.excludeTags].some((tag) => tags.includes(tag));
    return { text, intent, negative };
  });
  // Stratify by intent and polarity, so each intent keeps its share of held-out rows in both groups.
  const { first, second } = stratifiedSplit(rows.map((r) => `${r.intent}|${String(r.negative)}`), settings.holdout, settings.seed);
  const pick = (indices: number[], negative: boolean): string[] =>
    indices.map((i) => rows[i]).filter((r): r is (typeof rows)[number] => r !== undefined && r.negative === negative).map((r) => r.text);
  return { neutralTrain: pick(first, false), neutralHeldOut: pick(second, false), negativeTrain: pick(first, true), negativeHeldOut: pick(second, true) };
}

/** Words that carry sentiment: rows of an extra neutral corpus (e.g. Banking77) that contain one are not used as neutral. */
const SENTIMENT_WORDS =
  /\b(angry|annoy\w*|ridiculous|terrible|upset|frustrat\w*|unacceptable|awful|horrible|hate|useless|worst|disappoint\w*|furious|thanks?|thank you|great|love|awesome|amazing|happy|glad|excellent|wonderful|perfect|bad|poor|worried|scared|stupid|damn\w*|bloody|crap)\b/i;

/** Keeps the texts of an extra neutral corpus that contain no sentiment word, then a seeded sample of at most `max`. */
export function neutralExtraTexts(texts: readonly string[], max: number, seed: number): string[] {
  const plain = texts.filter((t) => !SENTIMENT_WORDS.test(t));
  return shuffled(plain, seededRandom(seed)).slice(0, Math.max(0, max));
}
