/** The value a label takes once it has seen its maximum of distinct values. */
export const OVERFLOW_LABEL = 'other';

const MAX_VALUE_LENGTH = 64;

/**
 * Caps the distinct values of each label so that a bug or a hostile client (an unexpected channel id, say)
 * cannot grow the number of series without bound: each label keeps its first `maxValues` values, later
 * new values are reported as `other`. Empty values read `none`; long ones are cut to 64 characters.
 */
export class LabelGuard {
  private readonly seen = new Map<string, Set<string>>();

  constructor(private readonly maxValues: number) {}

  value(label: string, raw: string | null | undefined): string {
    const value = raw === undefined || raw === null || raw.trim() === '' ? 'none' : raw.slice(0, MAX_VALUE_LENGTH);
    let values = this.seen.get(label);
    if (values === undefined) {
      values = new Set();
      this.seen.set(label, values);
    }
    if (values.has(value)) return value;
    if (values.size >= this.maxValues) return OVERFLOW_LABEL;
    values.add(value);
    return value;
  }
}
