import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { silentLogger } from '../../../core/logger.js';
import { initTfjs } from '../../../core/tfjs.js';
import { AlsRecommender, createRecommender, PopularityRecommender } from '../../../recommender/models/index.js';
import type { InteractionRecord, Recommender } from '../../../recommender/types.js';
import { syntheticInteractions } from '../../bench/syntheticInteractions.js';
import { checkerboard } from './recommenderContract.js';

const logger = silentLogger();
const small = { factors: 16, iterations: 6, regularization: 0.1, alpha: 5, seed: 11, logger };

/** Leave-last-2-out split per user, and hit rate@10 of a model on it. */
function split(records: InteractionRecord[]): { train: InteractionRecord[]; test: Map<string, Set<string>> } {
  const byUser = new Map<string, InteractionRecord[]>();
  for (const r of records) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  const train: InteractionRecord[] = [];
  const test = new Map<string, Set<string>>();
  for (const [user, rows] of byUser) {
    const seen = new Set(rows.slice(0, -2).map((r) => r.itemId));
    const held = new Set(rows.slice(-2).map((r) => r.itemId).filter((i) => !seen.has(i)));
    train.push(...rows.slice(0, -2));
    if (held.size > 0) test.set(user, held);
  }
  return { train, test };
}

function hitRate(model: Recommender, test: Map<string, Set<string>>): number {
  let hits = 0;
  for (const [user, held] of test) if (model.recommend(user, { n: 10 }).some((r) => held.has(r.itemId))) hits++;
  return hits / test.size;
}

function code(error: unknown): string | undefined {
  return error instanceof AppError ? error.code : undefined;
}

describe('ALS backends', () => {
  const { train, test } = split([...syntheticInteractions(300, 200, 20, 5, 5)]);

  beforeAll(async () => {
    await initTfjs('wasm', logger);
  });

  it('cpu and tfjs-wasm reach the same held-out hit rate, both above popularity', async () => {
    const cpu = new AlsRecommender({ ...small, backend: 'cpu' });
    const wasm = new AlsRecommender({ ...small, backend: 'tfjs-wasm' });
    const popularity = new PopularityRecommender({ logger });
    expect((await cpu.fit(train)).backend).toBe('cpu');
    expect((await wasm.fit(train)).backend).toBe('tfjs-wasm');
    await popularity.fit(train);
    const [cpuHits, wasmHits, popularHits] = [hitRate(cpu, test), hitRate(wasm, test), hitRate(popularity, test)];
    expect(Math.abs(cpuHits - wasmHits)).toBeLessThanOrEqual(0.03);
    expect(cpuHits).toBeGreaterThan(popularHits);
  });

  it('is deterministic for a seed, with or without worker threads', async () => {
    const inline = new AlsRecommender({ ...small, backend: 'cpu' });
    const threaded = new AlsRecommender({ ...small, backend: 'cpu', workers: 2, minInteractionsForWorkers: 0 });
    await inline.fit(train);
    await threaded.fit(train);
    for (const user of ['u0', 'u1', 'u77']) expect(threaded.recommend(user)).toEqual(inline.recommend(user));
  });

  it('refuses an explicit backend that cannot start (BACKEND_UNAVAILABLE), with no silent switch', async () => {
    // TF.js already runs on wasm in this process, so the tensorflow (GPU) backend cannot be started here.
    const gpu = new AlsRecommender({ ...small, backend: 'tfjs-gpu' });
    expect(code(await gpu.fit(train).catch((e: unknown) => e))).toBe('BACKEND_UNAVAILABLE');
    expect(gpu.fitted).toBe(false);
  });
});

describe('ALS training safety and online updates', () => {
  it('throws TRAINING_FAILED when factors turn NaN and keeps the previous model', async () => {
    const model = new AlsRecommender({ ...small, backend: 'cpu' });
    await model.fit(checkerboard());
    const before = model.recommend('b0', { n: 3 });
    // A finite but huge rating overflows Float32 confidences: the CG residual turns NaN in the first iteration.
    const overflowing: InteractionRecord[] = [...checkerboard(), { userId: 'b1', itemId: 'A0', kind: 'rating', value: 1e39 }];
    for (const backend of ['cpu', 'tfjs-wasm'] as const) {
      const fresh = new AlsRecommender({ ...small, backend });
      expect(code(await fresh.fit(overflowing).catch((e: unknown) => e))).toBe('TRAINING_FAILED');
      expect(fresh.fitted).toBe(false);
    }
    expect(code(await model.fit(overflowing).catch((e: unknown) => e))).toBe('TRAINING_FAILED');
    expect(model.recommend('b0', { n: 3 })).toEqual(before);
  });

  it('a click moves the next recommendation towards the clicked block', async () => {
    const model = createRecommender('als', { ...small, backend: 'cpu' });
    await model.fit(checkerboard());
    const history: InteractionRecord[] = ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'].map((itemId) => ({ userId: 'a0', itemId }));
    model.updateUser('a0', history);
    const before = model.recommend('a0', { n: 1 })[0]?.itemId;
    model.updateUser('a0', [...history, ...['B0', 'B1'].map((itemId) => ({ userId: 'a0', itemId, kind: 'click' as const }))]);
    const after = model.recommend('a0', { n: 3 }).map((r) => r.itemId);
    expect(after[0]).not.toBe(before);
    expect(after.every((id) => id.startsWith('B') && id !== 'B0' && id !== 'B1')).toBe(true);
    const explanation = model.explain('a0', after[0] ?? '');
    expect(['B0', 'B1']).toContain(explanation.because[0]?.itemId);
  });

  it('reports progress per iteration and validates options', async () => {
    const iterations: number[] = [];
    await new AlsRecommender({ ...small, iterations: 4, backend: 'cpu' }).fit(checkerboard(), {
      onProgress: (p) => iterations.push(p.iteration),
    });
    expect(iterations).toEqual([1, 2, 3, 4]);
    expect(code((() => { try { return new AlsRecommender({ factors: 0 }); } catch (e) { return e; } })())).toBe('VALIDATION_FAILED');
  });
});
