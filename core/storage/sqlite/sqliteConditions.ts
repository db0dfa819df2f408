/** A WHERE clause built from optional filters: a condition is added only when its value is given. */
export class SqlConditions {
  private readonly conditions: string[] = [];
  readonly params: (string | number)[] = [];

  /** Adds `sql` (with one `?`) when `value` is defined. */
  when(sql: string, value: string | number | undefined): this {
    if (value !== undefined) this.add(sql, value);
    return this;
  }

  add(sql: string, ...values: (string | number)[]): this {
    this.conditions.push(sql);
    this.params.push(...values);
    return this;
  }

  get where(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}
