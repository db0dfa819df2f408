import type { Encoder } from '../types.js';

/**
 * Measures an encoder's latency on single texts (as the bot calls it per message) and its batch throughput.
 * For benchmarks and CLIs; numbers depend on the machine and on what else runs on it.
 */

export interface EncoderSpeedOptions {
  /** Single-text calls to time (after `warmup` untimed ones). Default 200. */
  singles?: number;
  warmup?: number;
  /** Texts in the timed batch call. Default 512. */
  batchSize?: number;
  onProgress?: (stage: 'singles' | 'batch', done: number, total: number) => void;
}

export interface EncoderSpeedReport {
  encoder: string;
  singles: number;
  singleP50Ms: number;
  singleP95Ms: number;
  singleMinMs: number;
  batchSize: number;
  batchSeconds: number;
  batchTextsPerSecond: number;
  meanTextChars: number;
}

export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.min(sortedAscending.length - 1, Math.max(0, Math.ceil((p / 100) * sortedAscending.length) - 1));
  return sortedAscending[rank];
}

export async function measureEncoderSpeed(encoder: Encoder, texts: readonly string[], options: EncoderSpeedOptions = {}): Promise<EncoderSpeedReport> {
  if (texts.length === 0) throw new RangeError('measureEncoderSpeed needs at least one text');
  const singles = options.singles ?? 200;
  const warmup = options.warmup ?? 10;
  const batchSize = options.batchSize ?? 512;
  // A counter suffix keeps every text distinct, so a caching decorator cannot answer from memory.
  const textAt = (i: number): string => `${texts[i % texts.length]} ${i}`;
  for (let i = 0; i < warmup; i++) await encoder.embed([textAt(singles + batchSize + i)]);
  const timings: number[] = [];
  for (let i = 0; i < singles; i++) {
    const started = performance.now();
    await encoder.embed([textAt(i)]);
    timings.push(performance.now() - started);
    if ((i + 1) % 50 === 0 || i + 1 === singles) options.onProgress?.('singles', i + 1, singles);
  }
  timings.sort((a, b) => a - b);
  const batch = Array.from({ length: batchSize }, (_, i) => textAt(singles + i));
  const started = performance.now();
  await encoder.embed(batch);
  const batchSeconds = (performance.now() - started) / 1000;
  options.onProgress?.('batch', batchSize, batchSize);
  return {
    encoder: encoder.id,
    singles,
    singleP50Ms: percentile(timings, 50),
    singleP95Ms: percentile(timings, 95),
    singleMinMs: timings[0] ?? Number.NaN,
    batchSize,
    batchSeconds,
    batchTextsPerSecond: batchSize / batchSeconds,
    meanTextChars: texts.reduce((sum, text) => sum + text.length, 0) / texts.length,
  };
}
