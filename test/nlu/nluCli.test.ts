import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNluCli } from '../../nlu/cli/nluCli.js';
import { readDataset } from '../../nlu/eval/datasets.js';
import { FakeEncoder } from './fakeEncoder.js';

const FIXTURES = path.resolve('test/fixtures/nlu');

describe('npm run nlu -- eval (called in-process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nlu-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains on a CSV, evaluates a CSV with an OOS label and writes the JSON summary and the HTML report', async () => {
    const json = path.join(dir, 'eval.json');
    const report = path.join(dir, 'eval.html');
    const lines: string[] = [];
    const code = await runNluCli(
      ['eval', '--train', path.join(FIXTURES, 'eval-train.csv'), '--test', path.join(FIXTURES, 'eval-test.csv'), '--oos-label', 'oos', '--json', json, '--report', report, '--no-cache'],
      { env: { DATA_DIR: dir, LOG_LEVEL: 'silent' }, encoder: new FakeEncoder(), stdout: () => undefined, stderr: (t) => lines.push(t) },
    );
    expect(code, lines.join('')).toBe(0);
    const summary = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>;
    for (const field of ['task', 'n', 'accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall', 'oosPrecision', 'p50LatencyMs', 'p95LatencyMs', 'encoder']) {
      expect(summary, field).toHaveProperty(field);
    }
    expect(summary.task).toBe('intents');
    expect(summary.n).toBe(8);
    expect(summary.encoder).toBe('fake-hash@1');
    expect(summary.inScopeAccuracy as number).toBeGreaterThanOrEqual(0.6);
    expect(lines.some((l) => l.startsWith('classified'))).toBe(true);
    const html = await readFile(report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Confusion matrix');
  });

  it('concatenates comma-separated test files of different formats and reports metrics per file', async () => {
    const json = path.join(dir, 'sources.json');
    const csv = path.join(FIXTURES, 'eval-test.csv');
    const jsonl = path.join(FIXTURES, 'eval-test.jsonl');
    const code = await runNluCli(['eval', '--train', path.join(FIXTURES, 'eval-train.csv'), '--test', `${csv},${jsonl}`, '--oos-label', 'oos', '--json', json, '--no-cache'], {
      env: { DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoder: new FakeEncoder(),
      stdout: () => undefined,
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    const summary = JSON.parse(await readFile(json, 'utf8')) as { n: number; bySource: Record<string, { n: number }> };
    expect(summary.n).toBe(11);
    expect(summary.bySource[csv]?.n).toBe(8);
    expect(summary.bySource[jsonl]?.n).toBe(3);
  });

  it('cross-validates one file with --folds', async () => {
    const json = path.join(dir, 'folds.json');
    const code = await runNluCli(['eval', '--train', path.join(FIXTURES, 'eval-train.csv'), '--folds', '3', '--json', json, '--no-cache'], {
      env: { DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoder: new FakeEncoder(),
      stdout: () => undefined,
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    const summary = JSON.parse(await readFile(json, 'utf8')) as { n: number; folds: number; oosRecall?: number };
    expect(summary.n).toBe(18);
    expect(summary.folds).toBe(3);
    expect(summary.oosRecall).toBeUndefined();
  });

  it('trains an out-of-scope class from OOS training rows (label in any case) and maps labels with --label-map', async () => {
    const json = path.join(dir, 'oos-rows.json');
    const train = `${path.join(FIXTURES, 'eval-train.csv')},${path.join(FIXTURES, 'eval-train-oos.csv')}`;
    const code = await runNluCli(['eval', '--train', train, '--test', path.join(FIXTURES, 'eval-test.csv'), '--oos-label', 'oos', '--label-map', 'get_refund=refund', '--json', json, '--no-cache'], {
      env: { DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoder: new FakeEncoder(),
      stdout: () => undefined,
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    const summary = JSON.parse(await readFile(json, 'utf8')) as { trainExamples: number; oosRecall: number };
    const inScopeRows = (await readDataset(path.join(FIXTURES, 'eval-train.csv'))).length;
    expect(summary.trainExamples).toBe(inScopeRows + 3);
    expect(summary.oosRecall).toBeGreaterThan(0);
  });

  it('trains sentiment on word labels in any case and reports three classes, per-class scores, confusion and upset rates', async () => {
    const json = path.join(dir, 'sentiment.json');
    const lines: string[] = [];
    const code = await runNluCli(
      ['eval', '--task', 'sentiment', '--train', path.join(FIXTURES, 'sentiment-words-train.csv'), '--test', path.join(FIXTURES, 'sentiment-words-test.tsv'), '--json', json, '--no-cache'],
      { env: { DATA_DIR: dir, LOG_LEVEL: 'silent' }, encoder: new FakeEncoder(), stdout: () => undefined, stderr: (t) => lines.push(t) },
    );
    expect(code, lines.join('')).toBe(0);
    const summary = JSON.parse(await readFile(json, 'utf8')) as {
      n: number;
      perClass: Record<string, { support: number; precision: number; recall: number; f1: number }>;
      confusion: { labels: string[]; counts: number[][] };
      upset: { neutral: number; negative: number; neutralCountedNegative: number };
    };
    expect(summary.n).toBe(4);
    expect(Object.keys(summary.perClass).sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(summary.perClass.neutral?.support).toBe(2);
    expect(summary.confusion.labels).toEqual(['negative', 'neutral', 'positive']);
    expect(summary.confusion.counts.flat().reduce((a, b) => a + b, 0)).toBe(4);
    expect(summary.upset).toMatchObject({ neutral: 2, negative: 1 });
  });

  it('rejects a sentiment label that is not negative/positive/neutral, naming it', async () => {
    const errors: string[] = [];
    const code = await runNluCli(['eval', '--task', 'sentiment', '--train', path.join(FIXTURES, 'eval-train.csv'), '--test', path.join(FIXTURES, 'sentiment-words-test.tsv'), '--no-cache'], {
      env: { DATA_DIR: dir, LOG_LEVEL: 'silent' },
      encoder: new FakeEncoder(),
      stdout: () => undefined,
      stderr: (t) => errors.push(t),
    });
    expect(code).toBe(1);
    expect(errors.join('')).toContain("sentiment label 'track_order'");
  });

  it('fails with exit code 1 and a coded message on bad input', async () => {
    const errors: string[] = [];
    const code = await runNluCli(['eval', '--train', path.join(FIXTURES, 'missing.csv'), '--test', path.join(FIXTURES, 'eval-test.csv')], {
      env: { DATA_DIR: dir },
      encoder: new FakeEncoder(),
      stdout: () => undefined,
      stderr: (t) => errors.push(t),
    });
    expect(code).toBe(1);
    expect(errors.join('')).toContain('DATA_FILE_INVALID');
  });
});

describe('dataset readers', () => {
  it('reads JSONL with column options and seq.in/label folders', async () => {
    const jsonl = await readDataset(path.join(FIXTURES, 'eval-test.jsonl'), { textCol: 'utterance', labelCol: 'intent' });
    expect(jsonl[1]).toEqual({ text: 'I want a refund', label: 'get_refund' });
    const folder = await readDataset(path.join(FIXTURES, 'seqin'));
    expect(folder).toEqual([
      { text: 'where is my package', label: 'track_order' },
      { text: 'hi', label: 'greet' },
    ]);
  });
});
