import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { silentLogger } from '../../../core/logger.js';
import { initTfjs } from '../../../core/tfjs.js';
import { IdMap } from '../../../recommender/idMap.js';
import { EaseRecommender } from '../../../recommender/models/ease.js';
import { buildInteractionMatrix, historyRow } from '../../../recommender/models/interactionMatrix.js';
import { csrRow, transpose } from '../../../recommender/models/sparse.js';
import { gaussJordanInverse, invertSpd } from '../../../recommender/models/spdInverse.js';
import { topK } from '../../../recommender/models/topK.js';
import type { InteractionRecord } from '../../../recommender/types.js';
import { checkerboard } from './recommenderContract.js';

const DAY = 86_400_000;

function cell(matrix: Awaited<ReturnType<typeof buildInteractionMatrix>>, user: string, item: string): number {
  const row = csrRow(matrix.userItems, matrix.users.index(user) ?? -1);
  const k = row.indices.indexOf(matrix.items.index(item) ?? -1);
  return k < 0 ? 0 : row.values[k];
}

describe('IdMap', () => {
  it('maps ids to dense indices in first-seen order and round-trips', () => {
    const map = new IdMap();
    expect([map.add('x'), map.add('y'), map.add('x')]).toEqual([0, 1, 0]);
    expect(IdMap.fromIds(map.toArray()).index('y')).toBe(1);
    expect(() => IdMap.fromIds(['a', 'a'])).toThrow(AppError);
  });
});

describe('buildInteractionMatrix', () => {
  it('weights kinds purchase > cart > click > view, uses rating values and sums repeats', async () => {
    const records: InteractionRecord[] = [
      { userId: 'u', itemId: 'p', kind: 'purchase' },
      { userId: 'u', itemId: 'c', kind: 'cart' },
      { userId: 'u', itemId: 'k', kind: 'click' },
      { userId: 'u', itemId: 'v', kind: 'view' },
      { userId: 'u', itemId: 'v', kind: 'view' },
      { userId: 'u', itemId: 'r', kind: 'rating', value: 3 },
    ];
    const m = await buildInteractionMatrix(records);
    expect(cell(m, 'u', 'p')).toBeGreaterThan(cell(m, 'u', 'c'));
    expect(cell(m, 'u', 'c')).toBeGreaterThan(cell(m, 'u', 'k'));
    expect(cell(m, 'u', 'k')).toBeGreaterThanOrEqual(cell(m, 'u', 'v')); // two views sum to one click
    expect(cell(m, 'u', 'r')).toBe(3);
    expect(m.records).toBe(6);
  });

  it('drops returned purchases, honours custom weights and streams async sources', async () => {
    async function* source(): AsyncGenerator<InteractionRecord> {
      yield { userId: 'u', itemId: 'a', kind: 'purchase' };
      yield { userId: 'u', itemId: 'a', kind: 'return' };
      yield { userId: 'u', itemId: 'b', kind: 'view' };
    }
    const m = await buildInteractionMatrix(source(), { kindWeights: { view: 7 } });
    expect(cell(m, 'u', 'a')).toBe(0);
    expect(cell(m, 'u', 'b')).toBe(7);
    expect(m.items.has('a')).toBe(true);
  });

  it('halves a weight per half-life of age, measured from the newest record', async () => {
    const now = Date.UTC(2024, 0, 31);
    const records: InteractionRecord[] = [
      { userId: 'u', itemId: 'new', kind: 'purchase', timestamp: now },
      { userId: 'u', itemId: 'old', kind: 'purchase', timestamp: now - 30 * DAY },
    ];
    const m = await buildInteractionMatrix(records, { recencyHalfLifeDays: 30 });
    expect(cell(m, 'u', 'old') / cell(m, 'u', 'new')).toBeCloseTo(0.5, 5);
  });

  it('rejects non-finite values with TRAINING_FAILED and builds a consistent transpose', async () => {
    const error = await buildInteractionMatrix([{ userId: 'u', itemId: 'a', kind: 'rating', value: Infinity }]).catch((e: unknown) => e);
    expect(error instanceof AppError && error.code).toBe('TRAINING_FAILED');
    const m = await buildInteractionMatrix(checkerboard());
    const t = transpose(m.userItems);
    expect(t.indptr[t.rows]).toBe(m.userItems.indptr[m.userItems.rows]);
    expect(csrRow(t, m.items.index('B3') ?? -1).indices.length).toBe(7);
  });

  it('aggregates an online history the same way, skipping unknown items', () => {
    const items = IdMap.fromIds(['a', 'b']);
    const row = historyRow([{ userId: 'u', itemId: 'b', kind: 'click' }, { userId: 'u', itemId: 'zz' }], items);
    expect(Array.from(row.indices)).toEqual([1]);
  });
});

describe('topK', () => {
  it('equals a full sort with skips and a keep predicate', () => {
    const scores = Float32Array.from({ length: 500 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const skip = new Uint8Array(500);
    skip[3] = 1;
    const keep = (i: number): boolean => i % 7 !== 0;
    const expected = Array.from(scores, (score, index) => ({ index, score }))
      .filter((e) => e.index !== 3 && keep(e.index))
      .sort((a, b) => b.score - a.score)
      .slice(0, 20)
      .map((e) => e.index);
    expect(topK(scores, 20, skip, keep).map((e) => e.index)).toEqual(expected);
  });
});

describe('SPD inverse (EASE)', () => {
  function randomSpd(n: number): Float32Array {
    const a = new Float32Array(n * n);
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const x = Float32Array.from({ length: n * n }, () => (random() < 0.1 ? 1 : 0));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += x[k * n + i] * x[k * n + j];
      a[i * n + j] = s + (i === j ? 5 : 0);
    }
    return a;
  }

  it('recursive block inversion (TF.js) matches A·A⁻¹ = I', async () => {
    await initTfjs('wasm', silentLogger());
    const n = 150;
    const a = randomSpd(n);
    const inverse = invertSpd(a, n, 32);
    let worst = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * inverse[k * n + j];
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
    expect(worst).toBeLessThan(1e-3);
    expect(gaussJordanInverse(Float64Array.from([4, 0, 0, 2]), 2)).toEqual(Float64Array.from([0.25, 0, 0, 0.5]));
  });

  it('EASE refuses catalogs above maxItems with TRAINING_FAILED', async () => {
    const error = await new EaseRecommender({ maxItems: 10, tfjsBackend: 'wasm' }).fit(checkerboard()).catch((e: unknown) => e);
    expect(error instanceof AppError && error.code).toBe('TRAINING_FAILED');
  });
});
