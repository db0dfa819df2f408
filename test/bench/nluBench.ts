/**
 * NLU benchmark section: single-message `understand()` latency (intent + sentiment, one encoder call, LRU cache off)
 * and batch throughput of the intent classifier, with the configured encoder (USE-lite by default), on the held-out
 * tests of nlu/data/intents.yml. Trains the intent model into a temporary DATA_DIR first (not timed here).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import { tf } from '../../core/tfjs.js';
import { defaultIntentsFile, loadIntentsFile, testExamples } from '../../nlu/data/intentsFile.js';
import { createEncoder } from '../../nlu/encoder/createEncoder.js';
import { percentile } from '../../nlu/eval/metrics.js';
import { normaliseText } from '../../nlu/features/normaliseText.js';
import { HybridIntentClassifier } from '../../nlu/intents/hybridIntentClassifier.js';
import { createNluService } from '../../nlu/nluService.js';

const WARMUP = 20;
const BATCH = 64;

export async function run(log: (line: string) => void): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'nlu-bench-'));
  const logger = silentLogger();
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const encoder = await createEncoder(config.nlu, { dataDir, logger, cacheSize: 0 });
    const data = await loadIntentsFile(defaultIntentsFile());
    const messages = testExamples(data).map((e) => e.text).concat(data.outOfScopeTests);
    log(`training the intent model (${data.intents.length} intents) in ${dataDir}`);
    const trainStarted = performance.now();
    const nlu = await createNluService({ config, logger, encoder });
    const trainSeconds = (performance.now() - trainStarted) / 1000;

    for (const text of messages.slice(0, WARMUP)) await nlu.understand(text);
    // Reference in the same run: the encoder alone on the same message, timed right before understand().
    const latencies: number[] = [];
    const encoderLatencies: number[] = [];
    for (const [i, text] of messages.entries()) {
      const encoderStarted = performance.now();
      await encoder.embed([normaliseText(text)]);
      encoderLatencies.push(performance.now() - encoderStarted);
      const started = performance.now();
      await nlu.understand(text);
      latencies.push(performance.now() - started);
      if ((i + 1) % 100 === 0) log(`understand: ${i + 1}/${messages.length}`);
    }

    const classifier = new HybridIntentClassifier({ encoder, logger, seed: config.nlu.seed });
    await classifier.load(path.join(dataDir, 'models', 'intents'));
    const batchStarted = performance.now();
    for (let start = 0; start < messages.length; start += BATCH) await classifier.classifyBatch(messages.slice(start, start + BATCH));
    const batchSeconds = (performance.now() - batchStarted) / 1000;
    classifier.dispose();
    await encoder.dispose();

    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    const encoderP50 = percentile(encoderLatencies, 0.5);
    const ratio = p50 / encoderP50;
    log(`understand p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; batch ${(messages.length / batchSeconds).toFixed(0)} msg/s`);
    return [
      '### NLU: message understanding latency and throughput',
      '',
      `Encoder \`${encoder.id}\` on TF.js \`${tf.getBackend()}\`; intent model retrained from \`nlu/data/intents.yml\` (${data.intents.length} intents) in ${trainSeconds.toFixed(1)} s (incl. encoder embedding of the examples); shipped sentiment head.`,
      `Messages: the ${messages.length} held-out tests and out-of-scope tests of intents.yml, one at a time after ${WARMUP} warm-up calls; encoder LRU cache off.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| understand() p50 (intent + sentiment, 1 encoder call) | ${p50.toFixed(1)} ms |`,
      `| understand() p95 | ${p95.toFixed(1)} ms |`,
      `| encoder alone p50 (same messages, same run) | ${encoderP50.toFixed(1)} ms |`,
      `| understand() p50 / encoder p50 (goal <= 1.2) | ${ratio.toFixed(2)} |`,
      `| intent classifyBatch throughput (batches of ${BATCH}) | ${(messages.length / batchSeconds).toFixed(0)} messages/s |`,
      `| intent model training at start-up | ${trainSeconds.toFixed(1)} s |`,
      '',
      'Target: p50 <= 10 ms and understand() <= 1.2x the encoder alone. Timings on a shared machine are noisy; the encoder dominates the latency.',
    ].join('\n');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
