import { parseArgs } from 'node:util';
import { ValidationError } from '../../core/errors.js';

/**
 * `--name value` / `--name=value` / `--flag` arguments of the recommender CLI, parsed by node:util parseArgs
 * (strict). Each subcommand reads the options it knows; `assertAllUsed` then rejects any other (typos).
 */
export class CliArgs {
  private readonly values: Record<string, string | boolean | undefined>;
  private readonly used = new Set<string>();
  readonly positional: string[];

  constructor(argv: readonly string[], booleanFlags: readonly string[]) {
    // Every `--name` given is declared, booleans as such and the rest as strings; unread ones fail assertAllUsed.
    const options: Record<string, { type: 'string' | 'boolean' }> = {};
    for (const arg of argv) {
      if (arg === '--') break; // the rest is positional
      if (!arg.startsWith('--')) continue;
      const name = arg.slice(2).split('=', 1)[0];
      options[name] = { type: booleanFlags.includes(name) ? 'boolean' : 'string' };
    }
    try {
      const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
      this.values = parsed.values;
      this.positional = parsed.positionals;
    } catch (error) {
      throw new ValidationError(error instanceof Error ? error.message.replace(/ argument missing$/, ' needs a value') : String(error), { cause: error });
    }
  }

  string(name: string): string | undefined {
    this.used.add(name);
    const value = this.values[name];
    if (typeof value === 'boolean') throw new ValidationError(`--${name} needs a value`);
    return value;
  }

  flag(name: string): boolean {
    this.used.add(name);
    return this.values[name] === true;
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

  /** Throws for options that were given but never read (typos). */
  assertAllUsed(): void {
    const unknown = Object.keys(this.values).filter((name) => !this.used.has(name));
    if (unknown.length > 0) throw new ValidationError(`unknown option(s): ${unknown.map((n) => `--${n}`).join(', ')}`);
  }
}
