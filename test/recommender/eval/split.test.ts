import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { binarise, lastKSplit, splitWarnings, timeSplit } from '../../../recommender/eval/split.js';
import type { InteractionRecord } from '../../../recommender/types.js';

const DAY = 86_400_000;
const t0 = Date.UTC(2011, 0, 1);
const rec = (userId: string, itemId: string, day: number, value = 1): InteractionRecord => ({ userId, itemId, value, timestamp: t0 + day * DAY });

describe('binarise', () => {
  it('collapses repeats into one pair with value 1 and the earliest timestamp, dropping values under minValue', () => {
    const out = binarise([rec('u', 'a', 5, 2), rec('u', 'a', 1, 3), rec('u', 'b', 2, 0), rec('u', 'c', 3, 1)], { minValue: 1 });
    expect(out.map((r) => [r.itemId, r.value, r.timestamp])).toEqual([
      ['a', 1, t0 + DAY],
      ['c', 1, t0 + 3 * DAY],
    ]);
    expect(binarise([rec('u', 'a', 1, 2)], { minValue: 3 })).toEqual([]);
  });
});

describe('timeSplit', () => {
  const records = [
    rec('u1', 'a', 0),
    rec('u1', 'b', 50),
    rec('u1', 'a', 95), // repeat of a train item
    rec('u1', 'c', 96),
    rec('u2', 'a', 10),
    rec('u3', 'd', 99), // cold user: only in test
    rec('u2', 'b', 100),
  ];

  it('puts the last testDays days in test, keeps only users seen in train, drops seen targets', () => {
    const split = timeSplit(records, { testDays: 10, excludeSeen: true });
    expect(split.cutoff).toBe(t0 + 90 * DAY);
    expect(split.train.map((r) => `${r.userId}:${r.itemId}`)).toEqual(['u1:a', 'u1:b', 'u2:a']);
    expect([...split.test.entries()].map(([u, s]) => [u, [...s]])).toEqual([
      ['u1', ['c']],
      ['u2', ['b']],
    ]);
    expect(split.droppedSeenTargets).toBe(1);
    expect(split.droppedColdUsers).toBe(1);
  });

  it('keeps seen targets when excludeSeen is false', () => {
    const split = timeSplit(records, { testDays: 10, excludeSeen: false });
    expect([...(split.test.get('u1') ?? [])].sort()).toEqual(['a', 'c']);
  });

  it('rejects records without timestamps and a non-positive window', () => {
    expect(() => timeSplit([{ userId: 'u', itemId: 'a' }], { testDays: 1, excludeSeen: true })).toThrow(ValidationError);
    expect(() => timeSplit(records, { testDays: 0, excludeSeen: true })).toThrow(ValidationError);
  });
});

describe('lastKSplit', () => {
  it('holds out each user’s k most recent records; users with ≤ k records stay in train', () => {
    const split = lastKSplit([rec('u1', 'c', 3), rec('u1', 'a', 1), rec('u1', 'b', 2), rec('u2', 'x', 1)], { k: 1, excludeSeen: true });
    expect([...split.test.entries()].map(([u, s]) => [u, [...s]])).toEqual([['u1', ['c']]]);
    expect(split.train.map((r) => `${r.userId}:${r.itemId}`).sort()).toEqual(['u1:a', 'u1:b', 'u2:x']);
  });
});

describe('splitWarnings', () => {
  const testOf = (users: number, items: number): Map<string, Set<string>> =>
    new Map(Array.from({ length: users }, (_, u) => [`u${u}`, new Set([`i${u % items}`])]));

  it('is silent for a split with enough test users and items', () => {
    expect(splitWarnings({ test: testOf(500, 80) })).toEqual([]);
  });

  it('warns about too few test users and about targets on too few items', () => {
    const [users] = splitWarnings({ test: testOf(30, 30) });
    expect(users).toMatch(/only 30 test users/);
    const [items] = splitWarnings({ test: testOf(500, 5) });
    expect(items).toMatch(/only 5 distinct items/);
    expect(splitWarnings({ test: testOf(3, 2) })).toHaveLength(2);
  });
});
