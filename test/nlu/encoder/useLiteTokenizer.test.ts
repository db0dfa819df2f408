import { beforeAll, describe, expect, it } from 'vitest';
import { defaultUseLiteModelDir, readUseLiteVocabulary } from '../../../nlu/encoder/useLiteModelFiles.js';
import { UNKNOWN_TOKEN_ID, UseLiteTokenizer, normaliseForEncoder, type UseLiteVocabulary } from '../../../nlu/encoder/useLiteTokenizer.js';

const RESERVED: UseLiteVocabulary = [['<unk>', 0], ['<s>', 0], ['</s>', 0], ['x1', 0], ['x2', 0], ['x3', 0]];

function tiny(pieces: Array<[string, number | null]>, maxTokens = 128): { tokenizer: UseLiteTokenizer; pieces: (ids: number[]) => string[] } {
  const vocabulary: UseLiteVocabulary = [...RESERVED, ...pieces];
  return {
    tokenizer: new UseLiteTokenizer(vocabulary, { maxTokens }),
    pieces: (ids) => ids.map((id) => vocabulary[id]?.[0] ?? '?'),
  };
}

describe('normaliseForEncoder', () => {
  it('applies NFKC, turns control characters into spaces, collapses whitespace and trims', () => {
    expect(normaliseForEncoder('  ｆｕｌｌ\u00a0width\t\ttext\n')).toBe('full width text');
    expect(normaliseForEncoder('a\u0000b\u0007c\u001b[1m\u007f\u0085d')).toBe('a b c [1m d');
    expect(normaliseForEncoder('zero\u200bwidth\ufeff')).toBe('zero width');
    expect(normaliseForEncoder(' \t\r\n ')).toBe('');
  });
});

describe('UseLiteTokenizer (SentencePiece unigram through @huggingface/tokenizers)', () => {
  it('prefixes a word boundary and picks the highest-scoring segmentation', () => {
    const { tokenizer, pieces } = tiny([
      ['▁', -5],
      ['▁ab', -3],
      ['▁a', -1],
      ['b', -1],
      ['c', -2],
    ]);
    // ▁a + b = -2 beats ▁ab = -3.
    expect(pieces(tokenizer.encode('ab'))).toEqual(['▁a', 'b']);
    expect(pieces(tokenizer.encode('ab c'))).toEqual(['▁a', 'b', '▁', 'c']);
  });

  it('maps characters outside the vocabulary to the unknown id, fusing runs of them', () => {
    const { tokenizer, pieces } = tiny([['▁', -5], ['a', -1]]);
    const ids = tokenizer.encode('a\u4e00\u4e01\u{1F600}a');
    expect(pieces(ids)).toEqual(['▁', 'a', '<unk>', 'a']);
    expect(ids[2]).toBe(UNKNOWN_TOKEN_ID);
  });

  it('returns no tokens for empty or whitespace-only text', () => {
    const { tokenizer } = tiny([['▁', -5]]);
    expect(tokenizer.encode('')).toEqual([]);
    expect(tokenizer.encode(' \n\t ')).toEqual([]);
  });

  it('keeps only the first maxTokens tokens', () => {
    const { tokenizer, pieces } = tiny([['▁', -5], ['▁a', -1]], 3);
    expect(pieces(tokenizer.encode('a a a a a a'))).toEqual(['▁a', '▁a', '▁a']);
  });

  it('treats a null score as 0', () => {
    const { tokenizer, pieces } = tiny([['▁', -5], ['▁x', null], ['x', -1], ['▁y', -1]]);
    expect(pieces(tokenizer.encode('y x'))).toEqual(['▁y', '▁x']);
  });
});

describe('UseLiteTokenizer with the USE-lite vocabulary', () => {
  let tokenizer: UseLiteTokenizer;
  let vocabulary: UseLiteVocabulary;
  beforeAll(async () => {
    vocabulary = await readUseLiteVocabulary(defaultUseLiteModelDir());
    tokenizer = new UseLiteTokenizer(vocabulary, { maxTokens: 128 });
  });
  const pieces = (ids: number[]): string[] => ids.map((id) => vocabulary[id]?.[0] ?? '?');

  it('segments common English as the published tokenizer does', () => {
    expect(pieces(tokenizer.encode('Where is my order?'))).toEqual(['▁Where', '▁is', '▁my', '▁order', '?']);
    expect(pieces(tokenizer.encode('hello'))).toEqual(['▁hell', 'o']);
  });

  it('handles CJK, Arabic, Cyrillic and emoji without throwing, with valid ids only', () => {
    for (const text of ['我的订单在哪里', 'أين طلبي', 'Где мой заказ', '😀👍🏽', '\uD800 lone']) {
      const ids = tokenizer.encode(text);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(id >= 0 && id < vocabulary.length).toBe(true);
    }
  });

  it('bounds the work on a huge input and still returns 128 tokens', () => {
    const ids = tokenizer.encode('abc def '.repeat(100_000));
    expect(ids).toHaveLength(128);
  });
});
