import { loadavg } from 'node:os';
import { isAppError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { selectAlsTrainer } from '../../recommender/als/alsBackend.js';
import { compareAlsWithImplicit } from './recommenderAlsCompare.js';
import { fitCatalogueModel, measureCatalogue, turnCpu, type LatencyStats } from './recommenderLatency.js';

/**
 * Recommender benchmark (`npm run bench -- recommender`): ALS against benfred/implicit on the same confidence
 * matrix (recommenderAlsCompare.ts), recommend() p95 at 4k / 40k / 400k items with the query blend's ratio to
 * plain recommend, and the recommender's CPU per suggestion turn. RECOMMENDER_BENCH_QUICK=1 runs bounded sizes.
 */
const QUICK = process.env.RECOMMENDER_BENCH_QUICK === '1';
const ALS_SIZE = QUICK ? { users: 1200, items: 740 } : { users: 6000, items: 3700 };
const CATALOGUES = QUICK ? [4_000, 40_000] : [4_000, 40_000, 400_000];
const RECOMMEND_GOAL_MS = 10;
const BLEND_GOAL = 1.3;

const ms = (value: number): string => value.toFixed(2);
const stats = (s: LatencyStats): string => `${ms(s.wallP50)} / ${ms(s.wallP95)} | ${ms(s.cpuP50)} / ${ms(s.cpuP95)}`;

async function tfjsGpuNote(): Promise<string> {
  try {
    await selectAlsTrainer('tfjs-gpu', { workers: 0, minInteractionsForWorkers: 0, logger: silentLogger() });
    return 'tfjs-gpu started, but this bench measures the cpu backend only.';
  } catch (error) {
    return `tfjs-gpu not available (${isAppError(error) ? error.code : String(error)}): the TF.js backend stays the GPU path and is not measured here.`;
  }
}

export async function run(log: (line: string) => void): Promise<string> {
  const load = loadavg()[0].toFixed(1);
  log('ALS against implicit');
  const als = await compareAlsWithImplicit({ ...ALS_SIZE, perUser: 167, iterations: 8, rounds: 3, threads: 2 }, log);
  const latencyRows: string[] = [];
  let turn = '';
  for (const items of CATALOGUES) {
    log(`fitting a ${items}-item catalogue`);
    const model = await fitCatalogueModel(items);
    const result = measureCatalogue(model, items, items >= 400_000 ? 300 : 1000);
    const ratio = result.blend.cpuP95 / result.plain.cpuP95;
    log(`${items} items: recommend CPU p95 ${ms(result.plain.cpuP95)} ms, blend ${ratio.toFixed(2)}×`);
    latencyRows.push(
      `| ${items.toLocaleString('en')} | ${stats(result.plain)} | ${stats(result.blend)} | ${ratio.toFixed(2)}× (${(result.blend.cpuP50 / result.plain.cpuP50).toFixed(2)}×): ${ratio <= BLEND_GOAL ? 'met' : 'NOT met'} |`,
    );
    if (items === CATALOGUES[CATALOGUES.length - 1]) {
      const plainOk = result.plain.cpuP95 <= RECOMMEND_GOAL_MS;
      latencyRows.push('', `- recommend p95 at ${items.toLocaleString('en')} items: CPU ${ms(result.plain.cpuP95)} ms, wall ${ms(result.plain.wallP95)} ms (goal ≤ ${RECOMMEND_GOAL_MS} ms: ${plainOk ? 'met' : 'NOT met'} on CPU time).`);
    }
    if (items === 40_000) {
      const { perRequest, perCard } = turnCpu(model, 300);
      turn = [
        '| recommender work per suggestion turn (40,000 items, 5 cards) | wall p50 / p95 ms | CPU p50 / p95 ms |',
        '| --- | ---: | ---: |',
        `| recommend + reasons explained once per request (explainMany) | ${stats(perRequest)} |`,
        `| recommend + reasons explained once per card (explain × 5, the former path) | ${stats(perCard)} |`,
        '',
        `- Reasons per request cost ${(perRequest.cpuP50 / perCard.cpuP50).toFixed(2)}× the per-card path (CPU p50).`,
      ].join('\n');
    }
  }
  return [
    `Load average (1 min) at the start: ${load} on this shared machine; wall times include waiting for a core, CPU times do not.`,
    '',
    '### ALS training: csbot cpu backend against benfred/implicit 0.7.3',
    '',
    als,
    `- ${await tfjsGpuNote()}`,
    '',
    '### recommend() latency by catalogue size',
    '',
    'Fitted ALS (64 factors) over synthetic data where every catalogue item has at least one interaction; n = 10, seen items excluded.',
    `The blend adds a query score for every catalogue item (ItemScores over the whole catalogue, as ContentIndex.queryScores gives). Ratio = blend / plain, CPU p95 (p50 in brackets); goal ≤ ${BLEND_GOAL}×.`,
    '',
    '| items | plain wall p50 / p95 ms | plain CPU p50 / p95 ms | blend wall p50 / p95 ms | blend CPU p50 / p95 ms | blend / plain |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...latencyRows,
    '',
    '### Recommender CPU per chat turn',
    '',
    turn === '' ? '_Not measured: the 40,000-item catalogue was not part of this run._' : turn,
    '',
  ].join('\n');
}
