import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../../../nlu/types.js';

/**
 * The behaviour every Encoder adapter must have. Call inside a test file:
 * `describeEncoderContract('use-lite', () => loadOnce())`. `make` may return a shared instance; the suite does not
 * dispose it unless `disposeAfter` is true.
 */

export const EDGE_INPUTS: Readonly<Record<string, string>> = {
  empty: '',
  whitespaceOnly: ' \t\n  \r\n ',
  cyrillic: 'Где мой заказ? Я жду уже неделю.',
  cjk: '我的订单在哪里？请尽快发货。',
  arabic: 'أين طلبي؟ أريد استرداد المبلغ',
  mixedScripts: 'Order 42 — заказ 注文 طلب ok',
  emoji: '😀🎉👍🏽 love it ❤️',
  controlCharacters: 'hello\u0000wor\u0007ld\u001b[31m red\u007f\u0085 done',
  unknownCharacters: '\uE000\uE001 \u{10FFFD} \uFFFF ☃︎ \uD800 lone surrogate',
  zeroWidth: 'refund\u200b\u200dplease\ufeff',
  veryLong: 'my parcel never arrived and nobody answers the phone. '.repeat(200),
};

const DISTINCT_TEXTS = ['Where is my order?', 'I want a refund', 'hello', 'Show me red dresses under 50 dollars'];

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

export function expectUnitFiniteVector(vector: Float32Array, dimensions: number): void {
  expect(vector).toBeInstanceOf(Float32Array);
  expect(vector.length).toBe(dimensions);
  let sumOfSquares = 0;
  for (const value of vector) {
    expect(Number.isFinite(value)).toBe(true);
    sumOfSquares += value * value;
  }
  expect(Math.abs(Math.sqrt(sumOfSquares) - 1)).toBeLessThan(1e-5);
}

export function describeEncoderContract(name: string, make: () => Promise<Encoder>, options: { disposeAfter?: boolean } = {}): void {
  describe(`Encoder contract: ${name}`, () => {
    let encoder: Encoder;

    beforeAll(async () => {
      encoder = await make();
    });

    afterAll(async () => {
      if (options.disposeAfter === true) await encoder.dispose();
    });

    it('has an id and a positive dimension count that matches its outputs', async () => {
      expect(encoder.id.length).toBeGreaterThan(0);
      expect(encoder.dimensions).toBeGreaterThan(0);
      const vectors = await encoder.embed(DISTINCT_TEXTS);
      expect(vectors).toHaveLength(DISTINCT_TEXTS.length);
      for (const vector of vectors) expectUnitFiniteVector(vector, encoder.dimensions);
    });

    it('answers an empty batch with an empty array', async () => {
      await expect(encoder.embed([])).resolves.toEqual([]);
    });

    it('is deterministic for the same input', async () => {
      const first = await encoder.embed(DISTINCT_TEXTS);
      const second = await encoder.embed(DISTINCT_TEXTS);
      first.forEach((vector, i) => expect(maxAbsDifference(vector, second[i])).toBe(0));
    });

    it('gives the same vectors in a batch as one at a time (within 1e-5)', async () => {
      const texts = [...DISTINCT_TEXTS, EDGE_INPUTS.cyrillic, EDGE_INPUTS.empty, EDGE_INPUTS.veryLong];
      const batch = await encoder.embed(texts);
      for (let i = 0; i < texts.length; i++) {
        const [single] = await encoder.embed([texts[i]]);
        expect(maxAbsDifference(batch[i], single)).toBeLessThan(1e-5);
      }
    });

    it('keeps the order of its inputs, and different texts get different vectors', async () => {
      const forward = await encoder.embed(DISTINCT_TEXTS);
      const backward = await encoder.embed([...DISTINCT_TEXTS].reverse());
      forward.forEach((vector, i) => expect(maxAbsDifference(vector, backward[DISTINCT_TEXTS.length - 1 - i])).toBeLessThan(1e-5));
      expect(maxAbsDifference(forward[0], forward[1])).toBeGreaterThan(1e-3);
    });

    it('answers concurrent calls correctly', async () => {
      const sequential = await encoder.embed(DISTINCT_TEXTS);
      const concurrent = await Promise.all(DISTINCT_TEXTS.map((text) => encoder.embed([text])));
      concurrent.forEach(([vector], i) => expect(maxAbsDifference(vector, sequential[i])).toBeLessThan(1e-5));
    });

    it('returns vectors the caller may modify without affecting later results', async () => {
      const [first] = await encoder.embed(['hello']);
      first.fill(0);
      const [second] = await encoder.embed(['hello']);
      expectUnitFiniteVector(second, encoder.dimensions);
    });

    for (const [kind, text] of Object.entries(EDGE_INPUTS)) {
      it(`embeds ${kind} input as a finite unit vector`, async () => {
        const [vector] = await encoder.embed([text]);
        expectUnitFiniteVector(vector, encoder.dimensions);
      });
    }

    it('embeds all edge inputs together in one batch, in order', async () => {
      const texts = Object.values(EDGE_INPUTS);
      const batch = await encoder.embed(texts);
      expect(batch).toHaveLength(texts.length);
      for (const vector of batch) expectUnitFiniteVector(vector, encoder.dimensions);
    });
  });
}
