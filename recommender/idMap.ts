import { ValidationError } from '../core/errors.js';

/**
 * Bidirectional mapping between external string ids and dense indices 0..size-1.
 * Indices are assigned in first-seen order, so the mapping is deterministic for a given input order;
 * models save it (as the plain id list) next to their factor files.
 */
export class IdMap {
  private readonly byId = new Map<string, number>();
  private readonly ids: string[] = [];

  /** Rebuilds a map from a saved id list; duplicate or empty ids are rejected. */
  static fromIds(ids: readonly string[]): IdMap {
    const map = new IdMap();
    for (const id of ids) {
      if (typeof id !== 'string' || id.length === 0) throw new ValidationError('IdMap: ids must be non-empty strings');
      if (map.byId.has(id)) throw new ValidationError(`IdMap: duplicate id '${id}'`, { details: { id } });
      map.add(id);
    }
    return map;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Returns the index of `id`, assigning the next free index when it is new. */
  add(id: string): number {
    const existing = this.byId.get(id);
    if (existing !== undefined) return existing;
    const index = this.ids.length;
    this.ids.push(id);
    this.byId.set(id, index);
    return index;
  }

  index(id: string): number | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  id(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`IdMap: index ${index} out of range 0..${this.ids.length - 1}`);
    return id;
  }

  toArray(): readonly string[] {
    return this.ids;
  }

  clone(): IdMap {
    return IdMap.fromIds(this.ids);
  }
}
