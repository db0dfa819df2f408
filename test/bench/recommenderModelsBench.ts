import { availableParallelism, loadavg } from 'node:os';
import { silentLogger } from '../../core/logger.js';
import { AlsRecommender, createRecommender, type RecommenderKind } from '../../recommender/models/index.js';
import type { InteractionRecord, Recommender } from '../../recommender/types.js';
import { syntheticInteractions } from './syntheticInteractions.js';

/**
 * Recommender models benchmark: ALS seconds per iteration on both training backends (synthetic 1M interactions,
 * 6,000 users × 3,700 items, 64 factors), fit time of every model, and recommend() latency (p50/p95) on that
 * 3,700-item catalog. Synthetic data keeps it reproducible without ../shared; quality is measured by the
 * evaluation CLI on UCI Online Retail, not here.
 */
const USERS = 6000;
const ITEMS = 3700;
const PER_USER = 167;

interface Row {
  what: string;
  value: string;
}

async function alsSecondsPerIteration(
  records: InteractionRecord[],
  backend: 'cpu' | 'tfjs-wasm',
  iterations: number,
  log: (line: string) => void,
): Promise<{ perIteration: number[]; cpuPerIteration: number[]; backend: string }> {
  const model = new AlsRecommender({ backend, iterations, factors: 64, workers: 0, logger: silentLogger() });
  const perIteration: number[] = [];
  const cpuPerIteration: number[] = [];
  let last = 0;
  let lastCpu = process.cpuUsage();
  const report = await model.fit(records, {
    onProgress: (p) => {
      perIteration.push((p.elapsedMs - last) / 1000);
      const cpu = process.cpuUsage(lastCpu);
      cpuPerIteration.push((cpu.user + cpu.system) / 1e6);
      lastCpu = process.cpuUsage();
      last = p.elapsedMs;
      log(`als ${backend}: iteration ${p.iteration}/${p.iterations} ${(perIteration.at(-1) ?? 0).toFixed(2)} s`);
    },
  });
  return { perIteration, cpuPerIteration, backend: report.backend };
}

function latency(model: Recommender, users: number): { p50: number; p95: number } {
  const times: number[] = [];
  for (let k = 0; k < 1000; k++) {
    const user = `u${(k * 7919) % users}`;
    const started = performance.now();
    model.recommend(user, { n: 10 });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)] };
}

export async function run(log: (line: string) => void): Promise<string> {
  log('recommender models: generating synthetic interactions');
  const records = [...syntheticInteractions(USERS, ITEMS, PER_USER, 3)];
  const rows: Row[] = [{ what: 'load average (1 min) at start: the machine is shared', value: loadavg()[0].toFixed(1) }];
  const cpu = await alsSecondsPerIteration(records, 'cpu', 3, log);
  rows.push({
    what: `ALS cpu (${availableParallelism()} worker threads), s/iteration (iterations 2–3; 1st incl. worker start)`,
    value: cpu.perIteration.slice(1).map((s) => s.toFixed(2)).join(', '),
  });
  rows.push({
    what: 'ALS cpu, CPU-seconds/iteration, all threads (iterations 2–3)',
    value: cpu.cpuPerIteration.slice(1).map((s) => s.toFixed(2)).join(', '),
  });
  const wasm = await alsSecondsPerIteration(records, 'tfjs-wasm', 1, log);
  rows.push({ what: `ALS ${wasm.backend}, s/iteration`, value: wasm.perIteration.map((s) => s.toFixed(2)).join(', ') });
  rows.push({ what: `ALS ${wasm.backend}, CPU-seconds/iteration`, value: wasm.cpuPerIteration.map((s) => s.toFixed(2)).join(', ') });
  const kinds: RecommenderKind[] = ['popularity', 'itemknn', 'ease', 'als'];
  for (const kind of kinds) {
    const model = createRecommender(kind, { logger: silentLogger(), iterations: 5, tfjsBackend: 'wasm' });
    const report = await model.fit(records, { onProgress: (p) => log(`${kind}: step ${p.iteration}/${p.iterations}`) });
    const { p50, p95 } = latency(model, USERS);
    rows.push({ what: `${kind}: fit seconds (${report.backend}${kind === 'als' ? ', 5 iterations' : ''})`, value: report.seconds.toFixed(2) });
    rows.push({ what: `${kind}: recommend(n=10) p50 / p95 ms`, value: `${p50.toFixed(2)} / ${p95.toFixed(2)}` });
    log(`${kind}: fit ${report.seconds.toFixed(2)} s, recommend p95 ${p95.toFixed(2)} ms`);
  }
  return [
    '### Recommender models',
    '',
    `Synthetic implicit feedback (test/bench/syntheticInteractions.ts, seed 3): ${records.length.toLocaleString('en')} interactions,`,
    `${USERS.toLocaleString('en')} users × ${ITEMS.toLocaleString('en')} items, aggregated to unique (user, item) cells; ALS 64 factors, 3 CG steps.`,
    'recommend() latency is over 1,000 calls on the fitted model (score all items, exclude seen, partial top-k).',
    '',
    '| measurement | value |',
    '| --- | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.value} |`),
    '',
  ].join('\n');
}
