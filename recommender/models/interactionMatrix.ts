import { TrainingError } from '../../core/errors.js';
import type { InteractionKind } from '../../core/storage/types.js';
import { IdMap } from '../idMap.js';
import type { InteractionRecord, InteractionSource } from '../types.js';
import type { CsrMatrix, SparseRow } from './sparse.js';

/**
 * Turns an interaction stream into a user × item matrix of aggregated preference weights (CSR, typed arrays).
 *
 * Weighting (all options, defaults below): every record adds `kindWeights[kind]` to its (user, item) cell;
 * a 'rating' adds `kindWeights.rating × value` (so a 5-star rating counts 5); a 'return' adds a negative weight
 * that cancels the purchase it returns. Cells whose sum is ≤ 0 are dropped. With `recencyHalfLifeDays > 0` each
 * record's weight is multiplied by 0.5^(age / halfLife), age measured from `now` (default: the newest timestamp
 * in the data, so a fit is reproducible). Models derive confidence from the weight (ALS: 1 + alpha × weight).
 */
export const DEFAULT_KIND_WEIGHTS: Readonly<Record<InteractionKind, number>> = Object.freeze({
  purchase: 4,
  cart: 2,
  click: 1,
  view: 0.5,
  rating: 1,
  return: -4,
});

export interface InteractionWeightOptions {
  kindWeights?: Partial<Record<InteractionKind, number>>;
  /** 0 (default) = no decay. */
  recencyHalfLifeDays?: number;
  /** Reference time in epoch ms for recency decay; default the newest timestamp seen. */
  now?: number;
}

export interface InteractionMatrix {
  users: IdMap;
  items: IdMap;
  /** Aggregated positive weights; rows = users, cols = items. */
  userItems: CsrMatrix;
  /** Records read from the source (before aggregation). */
  records: number;
}

const DAY_MS = 86_400_000;

class GrowableColumns {
  user = new Int32Array(1024);
  item = new Int32Array(1024);
  weight = new Float64Array(1024);
  time = new Float64Array(1024);
  length = 0;

  push(user: number, item: number, weight: number, time: number): void {
    if (this.length === this.user.length) this.grow();
    const k = this.length++;
    this.user[k] = user;
    this.item[k] = item;
    this.weight[k] = weight;
    this.time[k] = time;
  }

  private grow(): void {
    const size = this.user.length * 2;
    const user = new Int32Array(size);
    user.set(this.user);
    const item = new Int32Array(size);
    item.set(this.item);
    const weight = new Float64Array(size);
    weight.set(this.weight);
    const time = new Float64Array(size);
    time.set(this.time);
    Object.assign(this, { user, item, weight, time });
  }
}

export function recordWeight(record: InteractionRecord, kindWeights: Readonly<Record<InteractionKind, number>>): number {
  const kind = record.kind ?? 'purchase';
  const base = kindWeights[kind];
  if (base === undefined) throw new TrainingError(`Unknown interaction kind '${String(kind)}'`, { details: { kind } });
  const weight = kind === 'rating' ? base * (record.value ?? 1) : base;
  if (!Number.isFinite(weight)) {
    throw new TrainingError(`Interaction weight is not finite for user '${record.userId}', item '${record.itemId}'`, {
      details: { userId: record.userId, itemId: record.itemId, value: record.value },
    });
  }
  return weight;
}

export function resolveKindWeights(options: InteractionWeightOptions = {}): Record<InteractionKind, number> {
  return { ...DEFAULT_KIND_WEIGHTS, ...options.kindWeights };
}

/** Streams the source once; memory is O(records) in typed arrays. Honours `signal` between records. */
export async function buildInteractionMatrix(
  source: InteractionSource,
  options: InteractionWeightOptions = {},
  signal?: AbortSignal,
): Promise<InteractionMatrix> {
  const kindWeights = resolveKindWeights(options);
  const users = new IdMap();
  const items = new IdMap();
  const columns = new GrowableColumns();
  let newest = -Infinity;
  for await (const record of source) {
    if ((columns.length & 0xffff) === 0) signal?.throwIfAborted();
    if (typeof record.userId !== 'string' || record.userId === '' || typeof record.itemId !== 'string' || record.itemId === '') {
      throw new TrainingError('Interaction without userId or itemId', { details: { record } });
    }
    const time = record.timestamp ?? Number.NaN;
    if (time > newest) newest = time;
    columns.push(users.add(record.userId), items.add(record.itemId), recordWeight(record, kindWeights), time);
  }
  signal?.throwIfAborted();
  const halfLife = options.recencyHalfLifeDays ?? 0;
  if (halfLife > 0) {
    const now = options.now ?? (Number.isFinite(newest) ? newest : Date.now());
    for (let k = 0; k < columns.length; k++) {
      const time = columns.time[k];
      if (!Number.isNaN(time)) columns.weight[k] *= 0.5 ** (Math.max(0, now - time) / (halfLife * DAY_MS));
    }
  }
  const userItems = aggregate(columns, users.size, items.size);
  return { users, items, userItems, records: columns.length };
}

/**
 * Two stable counting sorts (by item, then by user) leave every user's records grouped and item-ascending in
 * O(records), with no comparator sort; adjacent duplicates are then summed and cells ≤ 0 dropped.
 */
function aggregate(columns: GrowableColumns, rows: number, cols: number): CsrMatrix {
  const count = columns.length;
  const byItem = countingSort(columns.item, count, cols, undefined);
  const order = countingSort(columns.user, count, rows, byItem);
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(count);
  const values = new Float32Array(count);
  let out = 0;
  let k = 0;
  for (let r = 0; r < rows; r++) {
    while (k < count && columns.user[order[k]] === r) {
      const item = columns.item[order[k]];
      let sum = 0;
      while (k < count && columns.user[order[k]] === r && columns.item[order[k]] === item) sum += columns.weight[order[k++]];
      if (sum > 0) {
        indices[out] = item;
        values[out] = sum;
        out++;
      }
    }
    indptr[r + 1] = out;
  }
  return { rows, cols, indptr, indices: indices.slice(0, out), values: values.slice(0, out) };
}

/** Stable counting sort of record positions (`input` order, or 0..count-1) by `keys[position]` in [0, range). */
function countingSort(keys: Int32Array, count: number, range: number, input: Int32Array | undefined): Int32Array {
  const start = new Int32Array(range + 1);
  for (let k = 0; k < count; k++) start[keys[k] + 1]++;
  for (let r = 0; r < range; r++) start[r + 1] += start[r];
  const output = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const position = input === undefined ? k : input[k];
    output[start[keys[position]]++] = position;
  }
  return output;
}

/** Aggregates one user's history (online updates) with the same weights; items unknown to `items` are skipped. */
export function historyRow(
  history: readonly InteractionRecord[],
  items: IdMap,
  options: InteractionWeightOptions = {},
): SparseRow {
  const kindWeights = resolveKindWeights(options);
  const halfLife = options.recencyHalfLifeDays ?? 0;
  const newest = history.reduce((max, r) => Math.max(max, r.timestamp ?? -Infinity), -Infinity);
  const now = options.now ?? newest;
  const sums = new Map<number, number>();
  for (const record of history) {
    const item = items.index(record.itemId);
    if (item === undefined) continue;
    let weight = recordWeight(record, kindWeights);
    if (halfLife > 0 && record.timestamp !== undefined && Number.isFinite(now)) {
      weight *= 0.5 ** (Math.max(0, now - record.timestamp) / (halfLife * DAY_MS));
    }
    sums.set(item, (sums.get(item) ?? 0) + weight);
  }
  const kept = [...sums].filter(([, w]) => w > 0).sort((a, b) => a[0] - b[0]);
  return { indices: Int32Array.from(kept, ([i]) => i), values: Float32Array.from(kept, ([, w]) => w) };
}
