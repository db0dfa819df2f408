import { describe, expect, it } from 'vitest';
import { cosineSimilarity, l2NormaliseInPlace, poolTokens } from '../../../nlu/encoder/vectorMath.js';

describe('vectorMath', () => {
  it('normalises to unit length and refuses zero or non-finite vectors', () => {
    const v = Float32Array.from([3, 4]);
    expect(l2NormaliseInPlace(v)).toBe(true);
    expect(Array.from(v)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    const zero = Float32Array.from([0, 0]);
    expect(l2NormaliseInPlace(zero)).toBe(false);
    expect(Array.from(zero)).toEqual([0, 0]);
    expect(l2NormaliseInPlace(Float32Array.from([Number.NaN, 1]))).toBe(false);
  });

  it('mean-pools only unmasked tokens; cls takes the first token', () => {
    const tokens = [1, 2, 3, 4, 100, 100];
    expect(Array.from(poolTokens(tokens, 3, 2, 'mean', [1, 1, 0]))).toEqual([2, 3]);
    expect(Array.from(poolTokens(tokens, 3, 2, 'mean'))).toEqual([104 / 3, 106 / 3].map((x) => Math.fround(x)));
    expect(Array.from(poolTokens(tokens, 3, 2, 'cls'))).toEqual([1, 2]);
    expect(() => poolTokens(tokens, 3, 2, 'none')).toThrow(RangeError);
    expect(() => poolTokens(tokens, 2, 2, 'mean')).toThrow(RangeError);
  });

  it('computes cosine similarity', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([2, 0], [1, 0])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
  });
});
