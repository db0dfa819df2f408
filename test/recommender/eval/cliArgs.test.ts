import { loadConfig } from '../../../core/config.js';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { CliArgs } from '../../../recommender/cli/cliArgs.js';
import { modelUnderTest, parseModelKind } from '../../../recommender/cli/modelFlags.js';
import { silentLogger } from '../../../core/logger.js';

describe('CliArgs', () => {
  it('reads values, = forms, boolean flags and numbers', () => {
    const args = new CliArgs(['--file', 'a.csv', '--k=20', '--include-seen', '--alpha', '1.5'], ['include-seen']);
    expect(args.string('file')).toBe('a.csv');
    expect(args.number('k', { integer: true })).toBe(20);
    expect(args.flag('include-seen')).toBe(true);
    expect(args.number('alpha', { min: 0 })).toBe(1.5);
    expect(() => args.assertAllUsed()).not.toThrow();
  });

  it('rejects typos, missing values and out-of-range numbers', () => {
    expect(() => new CliArgs(['--file'], []).string('file')).toThrow(ValidationError);
    const args = new CliArgs(['--test-dayz', '30', '--k', '0'], []);
    expect(() => args.number('k', { min: 1 })).toThrow(/--k/);
    expect(() => args.assertAllUsed()).toThrow(/--test-dayz/);
    expect(() => new CliArgs(['--file', '--k', '3'], [])).toThrow(ValidationError);
    expect(() => new CliArgs(['--include-seen=yes'], ['include-seen'])).toThrow(ValidationError);
  });

  it('keeps positionals, also after --', () => {
    const args = new CliArgs(['eval', '--k', '5', '--', '--not-an-option'], []);
    expect(args.positional).toEqual(['eval', '--not-an-option']);
    expect(args.number('k')).toBe(5);
    expect(() => args.assertAllUsed()).not.toThrow();
  });
});

describe('model flags', () => {
  it('maps hyper-parameter flags onto the model under test', () => {
    const args = new CliArgs(['--factors', '32', '--alpha', '1.25', '--backend', 'cpu'], []);
    const defaults = loadConfig({ RECOMMENDER_ITERATIONS: '7', RECOMMENDER_REGULARIZATION: '3' }).recommender;
    const spec = modelUnderTest(parseModelKind('als', 'ease'), args, silentLogger(), defaults);
    // Flags win; what no flag sets comes from the configuration.
    expect(spec.hyperParameters).toMatchObject({ factors: 32, alpha: 1.25, backend: 'cpu', iterations: 7, regularization: 3 });
    expect(spec.create().name).toBe('als');
    expect(() => parseModelKind('svd', 'als')).toThrow(ValidationError);
  });
});
