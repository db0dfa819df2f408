import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import type { InteractionRecord, Recommender } from '../../../recommender/types.js';

/**
 * Behaviour every Recommender must show, whatever the model or backend. Data: a checkerboard of two blocks:
 * 12 users 'a*' buy all 8 items 'A*'; 8 users 'b*' buy all 8 items 'B*', except that b0 never bought B3.
 * Block A is therefore the more popular one (the cold-start answer), and a personalised model must put B3 first
 * for b0. `personalised: false` marks models that rank by popularity only (they skip that single check).
 */
export interface ContractOptions {
  personalised: boolean;
}

const itemsA = Array.from({ length: 8 }, (_, k) => `A${k}`);
const itemsB = Array.from({ length: 8 }, (_, k) => `B${k}`);

export function checkerboard(): InteractionRecord[] {
  const records: InteractionRecord[] = [];
  for (let u = 0; u < 12; u++) for (const itemId of itemsA) records.push({ userId: `a${u}`, itemId, kind: 'purchase' });
  for (let u = 0; u < 8; u++) {
    for (const itemId of itemsB) if (!(u === 0 && itemId === 'B3')) records.push({ userId: `b${u}`, itemId, kind: 'purchase' });
  }
  return records;
}

async function* asyncRecords(records: InteractionRecord[]): AsyncGenerator<InteractionRecord> {
  for (const record of records) yield record;
}

function code(error: unknown): string | undefined {
  return error instanceof AppError ? error.code : undefined;
}

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

export function describeRecommenderContract(name: string, make: () => Recommender, options: ContractOptions): void {
  describe(`Recommender contract: ${name}`, () => {
    let model: Recommender;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'reco-contract-'));
      model = make();
      await model.fit(asyncRecords(checkerboard()));
    });

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('throws MODEL_NOT_TRAINED before fit', () => {
      const fresh = make();
      expect(fresh.fitted).toBe(false);
      expect(code(catchError(() => fresh.recommend('a0')))).toBe('MODEL_NOT_TRAINED');
      expect(code(catchError(() => fresh.similarItems('A0')))).toBe('MODEL_NOT_TRAINED');
    });

    it('reports the fit and knows its ids', async () => {
      const fresh = make();
      const progress: number[] = [];
      const report = await fresh.fit(checkerboard(), { onProgress: (p) => progress.push(p.iteration) });
      expect(report).toMatchObject({ model: fresh.name, users: 20, items: 16, interactions: 12 * 8 + 8 * 8 - 1 });
      expect(progress.length).toBeGreaterThan(0);
      expect(fresh.hasUser('b0') && fresh.hasItem('B3')).toBe(true);
      expect(fresh.hasUser('nobody') || fresh.hasItem('Z9')).toBe(false);
    });

    it.skipIf(!options.personalised)('recommends the withheld in-block item first (checkerboard)', () => {
      expect(model.recommend('b0', { n: 1 })[0]?.itemId).toBe('B3');
    });

    it('excludes seen items by default and includes them on request', () => {
      const seen = new Set(itemsB.filter((i) => i !== 'B3'));
      const unseenOnly = model.recommend('b0', { n: 16 });
      expect(unseenOnly.length).toBe(9);
      expect(unseenOnly.some((r) => seen.has(r.itemId))).toBe(false);
      const all = model.recommend('b0', { n: 16, excludeSeen: false });
      expect(all.length).toBe(16);
      expect(all.filter((r) => seen.has(r.itemId)).length).toBe(7);
    });

    it('honours the filter and the query blend', () => {
      const filtered = model.recommend('b0', { n: 4, filter: (id) => id.startsWith('A') });
      expect(filtered.length).toBe(4);
      expect(filtered.every((r) => r.itemId.startsWith('A'))).toBe(true);
      const boosted = model.recommend('b0', { n: 3, queryScores: { ids: ['A7'], scores: Float32Array.of(1) }, queryWeight: 1 });
      expect(boosted[0]?.itemId).toBe('A7');
    });

    it('answers unknown users with popular items (cold start)', () => {
      const cold = model.recommend('stranger', { n: 4 });
      expect(cold.length).toBe(4);
      expect(cold.every((r) => r.itemId.startsWith('A'))).toBe(true);
    });

    it('finds similar items inside the block and explains with the user history', () => {
      const similar = model.similarItems('B0', 3);
      expect(similar.length).toBe(3);
      expect(similar.every((r) => r.itemId.startsWith('B') && r.itemId !== 'B0')).toBe(true);
      const explanation = model.explain('b0', 'B3');
      expect(explanation.itemId).toBe('B3');
      expect(explanation.because.length).toBeGreaterThan(0);
      expect(explanation.because.every((c) => c.itemId.startsWith('B') && c.weight > 0)).toBe(true);
      const many = model.explainMany('b0', ['B3', 'A1', 'B5']);
      expect(many.map((e) => e.itemId)).toEqual(['B3', 'A1', 'B5']);
      for (const e of many) expect(e).toEqual(model.explain('b0', e.itemId));
    });

    it('rejects unknown ids and bad options with typed errors', () => {
      expect(code(catchError(() => model.similarItems('Z9')))).toBe('NOT_FOUND');
      expect(code(catchError(() => model.explain('b0', 'Z9')))).toBe('NOT_FOUND');
      expect(code(catchError(() => model.explain('nobody', 'A0')))).toBe('NOT_FOUND');
      expect(code(catchError(() => model.explainMany('b0', ['B3', 'Z9'])))).toBe('NOT_FOUND');
      expect(code(catchError(() => model.recommend('b0', { n: -1 })))).toBe('VALIDATION_FAILED');
    });

    it('changes a user’s results after updateUser (new users too)', () => {
      model.updateUser('newbie', [{ userId: 'newbie', itemId: 'A0', kind: 'click' }]);
      const first = model.recommend('newbie', { n: 3 }).map((r) => r.itemId);
      expect(model.hasUser('newbie')).toBe(true);
      expect(first).not.toContain('A0');
      model.updateUser('newbie', ['B0', 'B1', 'B2'].map((itemId) => ({ userId: 'newbie', itemId, kind: 'purchase' as const })));
      const second = model.recommend('newbie', { n: 3 }).map((r) => r.itemId);
      expect(second).not.toEqual(first);
      expect(second.some((id) => ['B0', 'B1', 'B2'].includes(id))).toBe(false);
      if (options.personalised) expect(second[0]?.startsWith('B')).toBe(true);
    });

    it('saves and loads to identical recommendations', async () => {
      const target = path.join(dir, 'model');
      await model.save(target);
      const loaded = make();
      await loaded.load(target);
      for (const user of ['a0', 'b0', 'b5', 'newbie', 'stranger']) {
        expect(loaded.recommend(user, { n: 5 })).toEqual(model.recommend(user, { n: 5 }));
      }
      expect(loaded.similarItems('B0', 3).map((r) => r.itemId)).toEqual(model.similarItems('B0', 3).map((r) => r.itemId));
    });

    it('refuses a missing model with DATA_FILE_INVALID and altered files with MODEL_INTEGRITY', async () => {
      expect(code(await make().load(path.join(dir, 'missing')).catch((e: unknown) => e))).toBe('DATA_FILE_INVALID');
      const target = path.join(dir, 'corrupt');
      await model.save(target);
      const binary = (await readdir(target)).filter((f) => f.endsWith('.f32') || f.endsWith('.i32'));
      await truncate(path.join(target, binary[0]), 2);
      expect(code(await make().load(target).catch((e: unknown) => e))).toBe('MODEL_INTEGRITY');
      await writeFile(path.join(target, 'manifest.json'), '{"model": ');
      expect(code(await make().load(target).catch((e: unknown) => e))).toBe('MODEL_INTEGRITY');
    });

    it('fails on empty or non-finite data with TRAINING_FAILED and keeps the previous model', async () => {
      const before = model.recommend('b3', { n: 3 });
      expect(code(await model.fit([]).catch((e: unknown) => e))).toBe('TRAINING_FAILED');
      const bad: InteractionRecord[] = [...checkerboard(), { userId: 'a0', itemId: 'B0', kind: 'rating', value: Number.NaN }];
      expect(code(await model.fit(bad).catch((e: unknown) => e))).toBe('TRAINING_FAILED');
      expect(model.fitted).toBe(true);
      expect(model.recommend('b3', { n: 3 })).toEqual(before);
    });

    it('stops a fit when its signal is aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await make().fit(checkerboard(), { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('AbortError');
    });
  });
}
