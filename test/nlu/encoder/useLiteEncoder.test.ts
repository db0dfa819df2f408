import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.js';
import { tf } from '../../../core/tfjs.js';
import { USE_LITE_DIMENSIONS, USE_LITE_ID, USE_LITE_MAX_TOKENS, UseLiteEncoder, chunkByLength } from '../../../nlu/encoder/useLiteEncoder.js';
import { UseLiteForward } from '../../../nlu/encoder/useLiteForward.js';
import { defaultUseLiteModelDir } from '../../../nlu/encoder/useLiteModelFiles.js';
import { readPublishedWeights } from '../../../nlu/encoder/useLiteWeights.js';
import { cosineSimilarity, l2NormaliseInPlace } from '../../../nlu/encoder/vectorMath.js';
import { describeEncoderContract, expectUnitFiniteVector, maxAbsDifference } from './encoderContract.js';

const GOLDEN_FILE = '../shared/data/use-lite-golden/embeddings.json';
const hasGolden = existsSync(GOLDEN_FILE);
if (!hasGolden) console.warn(`[skip] USE-lite golden parity: ${GOLDEN_FILE} not found (public dataset folder absent)`);

let shared: Promise<UseLiteEncoder> | undefined;
function loadOnce(): Promise<UseLiteEncoder> {
  shared ??= UseLiteEncoder.load({ logger: silentLogger(), backend: 'auto' });
  return shared;
}

afterAll(async () => {
  if (shared !== undefined) await (await shared).dispose();
});

describeEncoderContract(USE_LITE_ID, loadOnce);

describe('UseLiteEncoder', () => {
  let encoder: UseLiteEncoder;
  beforeAll(async () => {
    encoder = await loadOnce();
  });

  it('identifies itself as use-lite@0.2.0 with 512 dimensions, run by onnxruntime', () => {
    expect(encoder.id).toBe('use-lite@0.2.0');
    expect(encoder.dimensions).toBe(USE_LITE_DIMENSIONS);
    expect(encoder.runtime).toMatch(/^onnxruntime-node cpu/);
  });

  describe.skipIf(!hasGolden)('parity with the published model (golden vectors)', () => {
    interface GoldenFile {
      dims: number;
      sentences: Array<{ text: string; embedding: number[] }>;
    }
    const golden = hasGolden ? (JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as GoldenFile) : { dims: 0, sentences: [] };

    it('matches every golden vector within 1e-4 per component, one at a time', async () => {
      expect(golden.sentences.length).toBeGreaterThanOrEqual(19);
      for (const sentence of golden.sentences) {
        const [vector] = await encoder.embed([sentence.text]);
        expect(maxAbsDifference(vector, sentence.embedding), sentence.text.slice(0, 40)).toBeLessThan(1e-4);
      }
    });

    it('matches every golden vector within 1e-4 when embedded as one batch', async () => {
      const vectors = await encoder.embed(golden.sentences.map((s) => s.text));
      golden.sentences.forEach((sentence, i) => expect(maxAbsDifference(vectors[i], sentence.embedding)).toBeLessThan(1e-4));
    });

    it('the trainable TF.js forward pass (fine-tuning starts from it) matches every golden vector within 1e-4', async () => {
      const forward = UseLiteForward.fromArrays(await readPublishedWeights(defaultUseLiteModelDir(), USE_LITE_MAX_TOKENS));
      try {
        const rows = golden.sentences.map((s) => encoder.tokenize(s.text));
        const raw = forward.run(rows);
        golden.sentences.forEach((sentence, i) => {
          const vector = raw.slice(i * USE_LITE_DIMENSIONS, (i + 1) * USE_LITE_DIMENSIONS);
          l2NormaliseInPlace(vector);
          expect(maxAbsDifference(vector, sentence.embedding), sentence.text.slice(0, 40)).toBeLessThan(1e-4);
        });
      } finally {
        forward.dispose();
      }
    });
  });

  it('truncates deterministically at 128 tokens: text past the limit does not change the vector', async () => {
    const long = 'refund '.repeat(300);
    expect(encoder.tokenize(long)).toHaveLength(USE_LITE_MAX_TOKENS);
    const [a, b] = await encoder.embed([long, `${long} and also my cat is on fire, wow`]);
    expect(maxAbsDifference(a, b)).toBeLessThan(1e-6);
    const [short] = await encoder.embed(['refund '.repeat(20)]);
    expect(maxAbsDifference(a, short)).toBeGreaterThan(1e-4);
  });

  it('gives empty and whitespace-only text one defined vector (a single unknown token)', async () => {
    const [empty, blank, unknown, emojiOnly] = await encoder.embed(['', '  \n\t ', '\uE000\uE001', '😀']);
    expectUnitFiniteVector(empty, USE_LITE_DIMENSIONS);
    expect(encoder.tokenize('')).toEqual([]);
    expect(maxAbsDifference(empty, blank)).toBeLessThan(1e-6);
    // Characters outside the vocabulary all become the one unknown id: two such texts embed alike.
    expect(encoder.tokenize('\uE000\uE001')).toEqual(encoder.tokenize('😀'));
    expect(maxAbsDifference(unknown, emojiOnly)).toBeLessThan(1e-6);
    const [hello] = await encoder.embed(['hello']);
    expect(cosineSimilarity(empty, hello)).toBeLessThan(0.9);
  });

  it('treats control characters and extra whitespace as spaces', async () => {
    const [clean, noisy] = await encoder.embed(['where is my order', '  where\u0000is \t my\n\norder\u0007 ']);
    expect(maxAbsDifference(clean, noisy)).toBeLessThan(1e-6);
  });

  it('places paraphrases closer than unrelated sentences', async () => {
    const [order, parcel, weather] = await encoder.embed(['Where is my order?', 'Has my parcel shipped yet?', 'Will it rain tomorrow?']);
    expect(cosineSimilarity(order, parcel)).toBeGreaterThan(cosineSimilarity(order, weather));
  });

  it('the trainable forward pass leaves no TF.js tensors behind and agrees with the ONNX graph on padded batches', async () => {
    const forward = UseLiteForward.fromArrays(await readPublishedWeights(defaultUseLiteModelDir(), USE_LITE_MAX_TOKENS));
    try {
      const texts = ['Where is my order?', '', 'Ünïcödé 😀 naïve', 'refund '.repeat(150), 'a', 'I would like to speak to a human agent please'];
      const rows = texts.map((t) => (encoder.tokenize(t).length > 0 ? encoder.tokenize(t) : [0]));
      forward.run(rows.slice(0, 2));
      const before = tf.memory().numTensors;
      const raw = forward.run(rows);
      expect(tf.memory().numTensors).toBe(before);
      const vectors = await encoder.embed(texts);
      texts.forEach((text, i) => {
        const vector = raw.slice(i * USE_LITE_DIMENSIONS, (i + 1) * USE_LITE_DIMENSIONS);
        l2NormaliseInPlace(vector);
        expect(maxAbsDifference(vector, vectors[i]), text.slice(0, 20)).toBeLessThan(1e-5);
      });
    } finally {
      forward.dispose();
    }
  });

  it('refuses to embed once disposed', async () => {
    const other = await UseLiteEncoder.load({ logger: silentLogger() });
    await other.dispose();
    await expect(other.embed(['hello'])).rejects.toMatchObject({ code: 'ENCODER_FAILED' });
  });

  it('fails with MODEL_LOAD_FAILED when the model folder is missing', async () => {
    await expect(UseLiteEncoder.load({ logger: silentLogger(), modelDir: '/no/such/dir' })).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });
});

describe('chunkByLength', () => {
  const rows = (lengths: number[]) => lengths.map((n) => ({ ids: new Array<number>(n).fill(1) }));
  it('keeps similar lengths together and splits where padding would grow', () => {
    const chunks = chunkByLength(rows([1, 2, 2, 3, 40, 41, 128]), 32);
    expect(chunks.map((c) => c.map((r) => r.ids.length))).toEqual([[1, 2, 2, 3], [40, 41], [128]]);
  });
  it('caps rows per chunk', () => {
    expect(chunkByLength(rows(new Array<number>(70).fill(5)), 32).map((c) => c.length)).toEqual([32, 32, 6]);
  });
});
