import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../../core/errors.js';
import { normaliseId, parseTimestamp, presetOptions, readInteractionFile } from '../../../recommender/eval/interactionFile.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'reco-file-'));
  await mkdir(path.join(dir, 'by-day'));
  const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
  await writeFile(
    path.join(dir, 'by-day', '2011-01-02.csv'),
    header +
      '536365,85123A,"WHITE HANGING HEART, T-LIGHT",6,2011-01-02 08:26:00,2.55,17850.0,United Kingdom\n' +
      'C536379,D,Discount,-1,2011-01-02 09:41:00,27.5,14527.0,United Kingdom\n' + // cancellation
      '536380,22961,JAM MAKING SET,0,2011-01-02 09:41:00,1.45,14527.0,United Kingdom\n' + // quantity 0
      '536381,22961,JAM MAKING SET,2,2011-01-02 09:41:00,1.45,,United Kingdom\n', // no customer
  );
  await writeFile(path.join(dir, 'by-day', '2011-01-01.csv'), header + '536001,22961,JAM MAKING SET,3,2011-01-01 10:00:00,1.45,14527.0,France\n');
  await writeFile(
    path.join(dir, 'events.jsonl'),
    '{"user":"u1","item":"i1","ts":1300000000}\n\n{"user":"u2","item":"i2","ts":"2011-03-13T07:06:40Z"}\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readInteractionFile', () => {
  it('reads a directory of UCI CSVs in name order with the preset drops and normalised ids', async () => {
    const progress: number[] = [];
    const data = await readInteractionFile(path.join(dir, 'by-day'), { ...presetOptions('uci-retail'), onProgress: (p) => progress.push(p.files) });
    expect(progress).toEqual([1, 2]);
    expect(data.files).toBe(2);
    expect(data.records.map((r) => `${r.userId}:${r.itemId}`)).toEqual(['14527:22961', '17850:85123A']);
  });

  it('names the file when a file in the input lacks the columns', async () => {
    const error = await readInteractionFile(path.join(dir, 'events.jsonl'), presetOptions('uci-retail')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).file).toContain('events.jsonl');
  });

  it('applies the UCI preset to CSV files', async () => {
    const data = await readInteractionFile(path.join(dir, 'by-day', '2011-01-02.csv'), presetOptions('uci-retail'));
    expect(data.rows).toBe(4);
    expect(data.skipped).toBe(3);
    expect(data.records).toEqual([{ userId: '17850', itemId: '85123A', kind: 'purchase', value: 6, timestamp: Date.UTC(2011, 0, 2, 8, 26) }]);
    expect(data.titles.get('85123A')).toBe('WHITE HANGING HEART, T-LIGHT');
  });

  it('reads JSONL with unix-second and ISO timestamps', async () => {
    const data = await readInteractionFile(path.join(dir, 'events.jsonl'), { userCol: 'user', itemCol: 'item', timeCol: 'ts' });
    expect(data.records.map((r) => r.timestamp)).toEqual([1_300_000_000_000, 1_300_000_000_000]);
  });

  it('names missing columns', async () => {
    await expect(readInteractionFile(path.join(dir, 'events.jsonl'), { userCol: 'customer', itemCol: 'item' })).rejects.toThrow(/customer/);
  });
});

describe('parsing helpers', () => {
  it('parses the three timestamp forms and rejects junk', () => {
    expect(parseTimestamp('2011-12-09 12:50:00')).toBe(Date.UTC(2011, 11, 9, 12, 50));
    expect(parseTimestamp('2011-12-09T12:50:00+01:00')).toBe(Date.UTC(2011, 11, 9, 11, 50));
    expect(parseTimestamp('1323435000')).toBe(1_323_435_000_000);
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });

  it('normalises float-formatted integer ids only', () => {
    expect(normaliseId('17850.0')).toBe('17850');
    expect(normaliseId('85123A')).toBe('85123A');
    expect(normaliseId('1.5')).toBe('1.5');
  });
});
