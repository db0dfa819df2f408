import { isAppError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { AlsRecommender, type AlsBackendPreference } from '../../recommender/models/index.js';
import type { FitProgress } from '../../recommender/types.js';
import { syntheticInteractions } from './syntheticInteractions.js';

/**
 * Recommender benchmark: ALS training speed per backend on a deterministic synthetic 1M-interaction set
 * (6,000 users × 3,700 items, 167 interactions per user, 64 factors), peak RSS, and recommend() latency.
 */
const USERS = 6000;
const ITEMS = 3700;
const PER_USER = 167;
const FACTORS = 64;
const SEED = 7;
const LATENCY_CALLS = 2000;

interface BackendRun {
  backend: AlsBackendPreference;
  iterations: number;
}

const RUNS: BackendRun[] = [
  { backend: 'cpu', iterations: 3 },
  { backend: 'tfjs-gpu', iterations: 3 },
  { backend: 'tfjs-wasm', iterations: 2 },
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export async function run(log: (line: string) => void): Promise<string> {
  const interactions = USERS * PER_USER;
  const rows: string[] = [];
  let servingModel: AlsRecommender | undefined;
  for (const spec of RUNS) {
    const model = new AlsRecommender({ factors: FACTORS, iterations: spec.iterations, backend: spec.backend, logger: silentLogger() });
    const iterationMs: number[] = [];
    let last = 0;
    const onProgress = (p: FitProgress): void => {
      iterationMs.push(p.elapsedMs - last);
      last = p.elapsedMs;
      log(`${spec.backend}: iteration ${p.iteration}/${p.iterations} ${((p.elapsedMs) / 1000).toFixed(1)} s`);
    };
    try {
      const started = performance.now();
      const report = await model.fit(syntheticInteractions(USERS, ITEMS, PER_USER, SEED), { onProgress });
      const totalSeconds = (performance.now() - started) / 1000;
      // The first progress report includes building the matrix; the steady-state cost is the median of the rest.
      const steady = iterationMs.length > 1 ? [...iterationMs.slice(1)].sort((a, b) => a - b) : iterationMs;
      const perIteration = steady[Math.floor(steady.length / 2)] / 1000;
      rows.push(
        `| ${spec.backend} (${report.backend}) | ${spec.iterations} | ${perIteration.toFixed(2)} | ${Math.round(interactions / perIteration).toLocaleString('en-US')} | ${Math.round(report.interactions / perIteration).toLocaleString('en-US')} | ${totalSeconds.toFixed(1)} | ${peakRssMiB().toFixed(0)} |`,
      );
      servingModel ??= model;
    } catch (error) {
      const reason = isAppError(error) ? `${error.code}: ${error.message}` : String(error);
      log(`${spec.backend}: not measured (${reason})`);
      rows.push(`| ${spec.backend} | – | – | – | – | – | not available: ${reason.replace(/\|/g, '/')} |`);
    }
  }
  let latency = '_recommend latency not measured: no backend trained a model._';
  if (servingModel !== undefined) {
    const times: number[] = [];
    const queryScores = new Map(Array.from({ length: ITEMS }, (_, i) => [`i${i}`, (i % 97) / 97]));
    const blendTimes: number[] = [];
    for (let call = 0; call < LATENCY_CALLS; call++) {
      const user = `u${(call * 7919) % USERS}`;
      const t0 = performance.now();
      servingModel.recommend(user, { n: 10 });
      times.push(performance.now() - t0);
      const t1 = performance.now();
      servingModel.recommend(user, { n: 10, queryScores });
      blendTimes.push(performance.now() - t1);
    }
    times.sort((a, b) => a - b);
    blendTimes.sort((a, b) => a - b);
    latency = [
      '| call | p50 ms | p95 ms |',
      '| --- | ---: | ---: |',
      `| recommend(user, n=10), ${ITEMS}-item catalog, ${LATENCY_CALLS} calls | ${percentile(times, 50).toFixed(3)} | ${percentile(times, 95).toFixed(3)} |`,
      `| recommend with queryScores blend (all items) | ${percentile(blendTimes, 50).toFixed(3)} | ${percentile(blendTimes, 95).toFixed(3)} |`,
    ].join('\n');
  }
  return [
    '### Recommender: ALS training speed and recommend latency',
    '',
    `Synthetic implicit feedback generated deterministically (seed ${SEED}, test/bench/syntheticInteractions.ts): ${USERS.toLocaleString('en-US')} users × ${ITEMS.toLocaleString('en-US')} items,`,
    `${interactions.toLocaleString('en-US')} interactions (taste segments + Zipf-like popularity; repeats aggregate into fewer matrix cells), ALS with ${FACTORS} factors.`,
    'Seconds per iteration = median of iterations 2..n (iteration 1 also pays for setup); interactions/s = input interactions / seconds per iteration; cells/s = non-zero (user, item) matrix cells / seconds per iteration.',
    'Peak RSS is the process maximum so far (cumulative across rows). Timings are taken on a shared machine and vary under contention.',
    '',
    '| backend (actual) | iterations | s / iteration | interactions / s | cells / s | fit total s | peak RSS MiB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    latency,
    '',
  ].join('\n');
}
