import { ValidationError } from '../../core/errors.js';

/** Minimal `--name value` / `--flag` parser for the recommender CLI; unknown flags are errors. */
export class CliArgs {
  private readonly values = new Map<string, string | true>();
  private readonly used = new Set<string>();
  readonly positional: string[] = [];

  constructor(argv: readonly string[], booleanFlags: readonly string[]) {
    for (let i = 0; i < argv.length; i += 1) {
      const arg = argv[i];
      if (!arg.startsWith('--')) {
        this.positional.push(arg);
        continue;
      }
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) this.values.set(name, arg.slice(eq + 1));
      else if (booleanFlags.includes(name)) this.values.set(name, true);
      else {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new ValidationError(`--${name} needs a value`);
        this.values.set(name, next);
        i += 1;
      }
    }
  }

  string(name: string): string | undefined {
    this.used.add(name);
    const value = this.values.get(name);
    if (value === true) throw new ValidationError(`--${name} needs a value`);
    return value;
  }

  flag(name: string): boolean {
    this.used.add(name);
    return this.values.get(name) === true || this.values.get(name) === 'true';
  }

  number(name: string, options: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || (options.integer === true && !Number.isInteger(value)) || value < (options.min ?? -Infinity) || value > (options.max ?? Infinity)) {
      throw new ValidationError(`--${name}: expected ${options.integer === true ? 'an integer' : 'a number'}${options.min === undefined ? '' : ` ≥ ${options.min}`}${options.max === undefined ? '' : ` ≤ ${options.max}`}, got '${text}'`);
    }
    return value;
  }

  /** Throws for flags that were given but never read (typos). */
  assertAllUsed(): void {
    const unknown = [...this.values.keys()].filter((name) => !this.used.has(name));
    if (unknown.length > 0) throw new ValidationError(`unknown option(s): ${unknown.map((n) => `--${n}`).join(', ')}`);
  }
}
