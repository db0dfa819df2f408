import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Four projects, chosen by path (test/README.md explains the conventions). A file belongs to the first group
 * whose globs match it, in the order e2e → contract → quality; everything else is a unit test, so a new file
 * lands in `unit` unless its name or folder says otherwise. The named files predate the conventions.
 */
const e2e = ['test/**/*.browser.test.ts', 'test/**/*.e2e.test.ts', 'test/e2e/**/*.test.ts'];
const contract = [
  'test/**/*.contract.test.ts',
  'test/contract/**/*.test.ts',
  'test/storage/sqliteStore.test.ts',
  'test/storage/mongoStore.test.ts',
  'test/recommender/models/contract.test.ts',
  'test/nlu/encoder/useLiteEncoder.test.ts',
  'test/nlu/encoder/transformersEncoder.test.ts',
  'test/nlu/hybridIntentClassifier.test.ts',
];
const quality = [
  'test/**/*.quality.test.ts',
  'test/quality/**/*.test.ts',
  'test/nlu/realisticIntents.test.ts',
  'test/nlu/realEncoderQuality.test.ts',
  'test/nlu/sentiment.test.ts',
  'test/recommender/eval/uciRetail.test.ts',
];

const project = (name: string, include: string[], exclude: string[]) => ({
  extends: true as const,
  test: { name, include, exclude: [...configDefaults.exclude, ...exclude] },
});

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      project('unit', ['test/**/*.test.ts'], [...e2e, ...contract, ...quality]),
      project('contract', contract, [...e2e]),
      project('quality', quality, [...e2e, ...contract]),
      project('e2e', e2e, []),
    ],
  },
});
