import { describe, expect, it } from 'vitest';
import { measureEncoderSpeed, percentile } from '../../../nlu/encoder/measureEncoderSpeed.js';
import type { Encoder } from '../../../nlu/types.js';

describe('measureEncoderSpeed', () => {
  it('times distinct single texts and one batch, reporting progress', async () => {
    const seen = new Set<string>();
    let batchCalls = 0;
    const encoder: Encoder = {
      id: 'fake',
      dimensions: 1,
      embed: async (texts) => {
        texts.forEach((t) => seen.add(t));
        if (texts.length > 1) batchCalls++;
        return texts.map(() => Float32Array.of(1));
      },
      dispose: async () => undefined,
    };
    const progress: string[] = [];
    const report = await measureEncoderSpeed(encoder, ['a', 'b'], { singles: 100, warmup: 2, batchSize: 30, onProgress: (stage, done, total) => progress.push(`${stage}:${done}/${total}`) });
    expect(report).toMatchObject({ encoder: 'fake', singles: 100, batchSize: 30, meanTextChars: 1 });
    expect(report.singleP50Ms).toBeGreaterThanOrEqual(report.singleMinMs);
    expect(report.singleP95Ms).toBeGreaterThanOrEqual(report.singleP50Ms);
    expect(report.batchTextsPerSecond).toBeGreaterThan(0);
    expect(seen.size).toBe(100 + 2 + 30);
    expect(batchCalls).toBe(1);
    expect(progress).toEqual(['singles:50/100', 'singles:100/100', 'batch:30/30']);
  });

  it('rejects an empty text list; percentile picks the nearest rank', async () => {
    const encoder: Encoder = { id: 'x', dimensions: 1, embed: async () => [], dispose: async () => undefined };
    await expect(measureEncoderSpeed(encoder, [])).rejects.toThrow(RangeError);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(percentile([], 50)).toBeNaN();
  });
});
