import { ValidationError } from '../../core/errors.js';
import type { InteractionRecord } from '../types.js';

/**
 * Data preparation for offline evaluation: binarisation and train/test splits (by time or per-user last k).
 * Test targets are (user, item) pairs; a user appears in the test set only when they also appear in train.
 */

export interface EvalSplit {
  train: InteractionRecord[];
  /** user → items to retrieve (held-out targets). */
  test: Map<string, Set<string>>;
  /** Epoch ms of the first test instant (time split only). */
  cutoff?: number;
  /** Test pairs removed because the item was already in the user's train history (excludeSeen). */
  droppedSeenTargets: number;
  /** Test users dropped because they have no train history. */
  droppedColdUsers: number;
}

const DAY_MS = 86_400_000;

/**
 * Keeps records whose value is ≥ minValue (default: > 0) and collapses each (user, item) pair into one record with
 * value 1 and the pair's earliest timestamp (first purchase), kind of the first record.
 */
export function binarise(records: readonly InteractionRecord[], options: { minValue?: number } = {}): InteractionRecord[] {
  const byPair = new Map<string, InteractionRecord>();
  for (const record of records) {
    const value = record.value ?? 1;
    if (options.minValue === undefined ? value <= 0 : value < options.minValue) continue;
    const key = `${record.userId}\u0000${record.itemId}`;
    const existing = byPair.get(key);
    if (existing === undefined) {
      byPair.set(key, { userId: record.userId, itemId: record.itemId, kind: record.kind ?? 'purchase', value: 1, timestamp: record.timestamp });
    } else if (record.timestamp !== undefined && (existing.timestamp === undefined || record.timestamp < existing.timestamp)) {
      existing.timestamp = record.timestamp;
    }
  }
  return [...byPair.values()];
}

function itemsByUser(records: readonly InteractionRecord[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const r of records) {
    let items = map.get(r.userId);
    if (items === undefined) {
      items = new Set();
      map.set(r.userId, items);
    }
    items.add(r.itemId);
  }
  return map;
}

function buildTest(
  train: readonly InteractionRecord[],
  held: readonly InteractionRecord[],
  excludeSeen: boolean,
): Pick<EvalSplit, 'test' | 'droppedSeenTargets' | 'droppedColdUsers'> {
  const trainItems = itemsByUser(train);
  const test = new Map<string, Set<string>>();
  const coldUsers = new Set<string>();
  let droppedSeenTargets = 0;
  for (const r of held) {
    const seen = trainItems.get(r.userId);
    if (seen === undefined) {
      coldUsers.add(r.userId);
      continue;
    }
    if (excludeSeen && seen.has(r.itemId)) {
      droppedSeenTargets += 1;
      continue;
    }
    let targets = test.get(r.userId);
    if (targets === undefined) {
      targets = new Set();
      test.set(r.userId, targets);
    }
    targets.add(r.itemId);
  }
  return { test, droppedSeenTargets, droppedColdUsers: coldUsers.size };
}

/**
 * Time split: records in the last `testDays` days (counted back from the newest timestamp) are test, earlier ones
 * train. Test users must appear in train; with excludeSeen, test targets already in the user's train history are dropped.
 */
export function timeSplit(records: readonly InteractionRecord[], options: { testDays: number; excludeSeen: boolean }): EvalSplit {
  if (!(options.testDays > 0)) throw new ValidationError('timeSplit: testDays must be > 0');
  let newest = -Infinity;
  for (const r of records) {
    if (r.timestamp === undefined || !Number.isFinite(r.timestamp)) {
      throw new ValidationError(`timeSplit: record (${r.userId}, ${r.itemId}) has no timestamp`);
    }
    if (r.timestamp > newest) newest = r.timestamp;
  }
  if (records.length === 0) throw new ValidationError('timeSplit: no records');
  const cutoff = newest - options.testDays * DAY_MS;
  const train = records.filter((r) => (r.timestamp as number) < cutoff);
  const held = records.filter((r) => (r.timestamp as number) >= cutoff);
  return { train, cutoff, ...buildTest(train, held, options.excludeSeen) };
}

/**
 * Per-user last-k split: each user's k most recent records (by timestamp, ties by input order) are test, the rest
 * train. Users with ≤ k records stay wholly in train (they would have no history to recommend from).
 */
export function lastKSplit(records: readonly InteractionRecord[], options: { k: number; excludeSeen: boolean }): EvalSplit {
  if (!Number.isInteger(options.k) || options.k < 1) throw new ValidationError('lastKSplit: k must be a positive integer');
  const byUser = new Map<string, { record: InteractionRecord; order: number }[]>();
  records.forEach((record, order) => {
    const list = byUser.get(record.userId);
    if (list === undefined) byUser.set(record.userId, [{ record, order }]);
    else list.push({ record, order });
  });
  const train: InteractionRecord[] = [];
  const held: InteractionRecord[] = [];
  for (const list of byUser.values()) {
    list.sort((a, b) => (a.record.timestamp ?? 0) - (b.record.timestamp ?? 0) || a.order - b.order);
    const split = list.length > options.k ? list.length - options.k : list.length;
    list.forEach((entry, i) => (i < split ? train : held).push(entry.record));
  }
  return { train, ...buildTest(train, held, options.excludeSeen) };
}

/** Below these, ranking metrics from a split swing by several points between runs (see splitWarnings). */
export const MIN_TEST_USERS = 100;
export const MIN_TEST_ITEMS = 20;

/**
 * Warnings for a split too small to compare models on: fewer than `minUsers` test users, or held-out targets spread
 * over fewer than `minItems` distinct items (a handful of popular items then decides every metric). Empty when fine.
 */
export function splitWarnings(split: Pick<EvalSplit, 'test'>, minUsers = MIN_TEST_USERS, minItems = MIN_TEST_ITEMS): string[] {
  const items = new Set<string>();
  for (const targets of split.test.values()) for (const item of targets) items.add(item);
  const warnings: string[] = [];
  if (split.test.size < minUsers) {
    warnings.push(`only ${split.test.size} test users (< ${minUsers}): metrics will be noisy; widen --test-days or --last-k, or use more data`);
  }
  if (items.size < minItems) {
    warnings.push(`held-out targets cover only ${items.size} distinct items (< ${minItems}): a few items decide every metric`);
  }
  return warnings;
}
