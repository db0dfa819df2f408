import { silentLogger } from '../../core/logger.js';
import { AlsRecommender } from '../../recommender/models/index.js';
import type { InteractionRecord, ItemScores } from '../../recommender/types.js';
import { syntheticInteractions } from './syntheticInteractions.js';

/**
 * recommend() latency at a given catalogue size, plain and blended with a query over the whole catalogue, plus the
 * recommender's share of one chat turn (recommend + reasons). Each call is timed in wall and CPU time: on a shared
 * machine the wall figure includes waiting for a core, the CPU figure is what the call itself costs.
 */
export interface LatencyStats {
  wallP50: number;
  wallP95: number;
  cpuP50: number;
  cpuP95: number;
}

export interface CatalogueLatency {
  items: number;
  plain: LatencyStats;
  blend: LatencyStats;
}

const USERS = 2000;

/** Synthetic history plus one interaction per catalogue item, so every item is in the model. */
function* catalogueInteractions(items: number): Generator<InteractionRecord> {
  yield* syntheticInteractions(USERS, items, 50, 5);
  for (let i = 0; i < items; i++) yield { userId: `u${(i * 7) % USERS}`, itemId: `i${i}`, kind: 'view' };
}

export async function fitCatalogueModel(items: number): Promise<AlsRecommender> {
  const model = new AlsRecommender({ factors: 64, iterations: 2, backend: 'cpu', logger: silentLogger() });
  await model.fit(catalogueInteractions(items));
  return model;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Times `call` for `count` users (after a warm-up of 20 calls). */
export function timeCalls(count: number, call: (user: string) => void): LatencyStats {
  for (let k = 0; k < 20; k++) call(`u${k}`);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < count; k++) {
    const user = `u${(k * 7919) % USERS}`;
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    call(user);
    wall.push(performance.now() - wall0);
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { wallP50: percentile(wall, 50), wallP95: percentile(wall, 95), cpuP50: percentile(cpu, 50), cpuP95: percentile(cpu, 95) };
}

export function measureCatalogue(model: AlsRecommender, items: number, calls: number): CatalogueLatency {
  const ids = Array.from({ length: items }, (_, i) => `i${i}`);
  const query: ItemScores = { ids, scores: Float32Array.from(ids, (_, i) => ((i * 37) % 97) / 97) };
  const plain = timeCalls(calls, (user) => model.recommend(user, { n: 10 }));
  const blend = timeCalls(calls, (user) => model.recommend(user, { n: 10, queryScores: query }));
  return { items, plain, blend };
}

/**
 * The recommender's CPU in one suggestion turn: recommend (the service over-fetches 3n + 10) and the reasons of
 * n = 5 cards, explained once per request (explainMany) against once per card (explain × 5, the former path).
 */
export function turnCpu(model: AlsRecommender, calls: number): { perRequest: LatencyStats; perCard: LatencyStats } {
  const cards = (user: string): string[] => model.recommend(user, { n: 25 }).slice(0, 5).map((r) => r.itemId);
  const perRequest = timeCalls(calls, (user) => model.explainMany(user, cards(user)));
  const perCard = timeCalls(calls, (user) => {
    for (const item of cards(user)) model.explain(user, item);
  });
  return { perRequest, perCard };
}
