import { Tokenizer } from '@huggingface/tokenizers';

/**
 * USE-lite's SentencePiece unigram model run by @huggingface/tokenizers (the tokenizer library transformers.js uses),
 * on the same tokenizer.json that the transformers.js export writes: NFKC, Metaspace ('▁' for spaces, one prefixed),
 * Viterbi over the published vocabulary, unknown characters as id 0 with runs fused into one.
 * It segments like the model's published JavaScript tokenizer except on exact score ties (about 1 text in 400 of
 * Banking77 / SST-2 / airline tweets, e.g. '!!!!' + '!' against '!' + '!!!!'); the golden vectors all tokenize alike.
 */

/** vocab.json: an array of [piece, score] pairs (score may be null in the published file). */
export type UseLiteVocabulary = ReadonlyArray<readonly [string, number | null]>;

export const UNKNOWN_TOKEN_ID = 0;

// C0 and C1 control characters, DEL, and zero-width/bidi format characters that carry no meaning for intent.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
const WHITESPACE_RUNS = /\s+/g;

/**
 * Input hygiene applied before tokenization: NFKC, control characters become spaces, runs of whitespace (tabs,
 * newlines, NBSP...) collapse to one space, leading/trailing whitespace is removed. Text that is empty afterwards
 * tokenizes to no pieces.
 */
export function normaliseForEncoder(text: string): string {
  return text.normalize('NFKC').replace(CONTROL_CHARACTERS, ' ').replace(WHITESPACE_RUNS, ' ').trim();
}

/** The Hugging Face tokenizer.json of USE-lite (also written by the transformers.js export). */
export function useLiteTokenizerJson(vocabulary: UseLiteVocabulary): Record<string, unknown> {
  const special = (id: number): Record<string, unknown> => ({
    id,
    content: vocabulary[id]?.[0] ?? '',
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const metaspace = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: false };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(1), special(2)],
    normalizer: { type: 'NFKC' },
    pre_tokenizer: metaspace,
    post_processor: null,
    decoder: metaspace,
    model: { type: 'Unigram', unk_id: UNKNOWN_TOKEN_ID, byte_fallback: false, vocab: vocabulary.map(([piece, score]) => [piece, score ?? 0]) },
  };
}

export interface TokenizerOptions {
  /** Longest token sequence returned; later tokens are dropped. */
  maxTokens: number;
  /** Longest input, in UTF-16 code units, that is tokenized; the rest is ignored (bounds work on huge inputs). */
  maxInputCodePoints?: number;
}

export class UseLiteTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly maxTokens: number;
  private readonly maxInputCodePoints: number;

  constructor(vocabulary: UseLiteVocabulary, options: TokenizerOptions) {
    this.tokenizer = new Tokenizer(useLiteTokenizerJson(vocabulary), {});
    const longestPiece = vocabulary.reduce((longest, [piece]) => Math.max(longest, [...piece].length), 1);
    this.maxTokens = options.maxTokens;
    this.maxInputCodePoints = options.maxInputCodePoints ?? options.maxTokens * longestPiece * 2;
  }

  /** Token ids for a text (after `normaliseForEncoder`), at most `maxTokens` of them; [] for empty text. */
  encode(text: string): number[] {
    // Bound the work on huge inputs: only a prefix can reach the first maxTokens tokens.
    const normalised = normaliseForEncoder(text.length > this.maxInputCodePoints ? text.slice(0, this.maxInputCodePoints) : text);
    if (normalised.length === 0) return [];
    return this.tokenizer.encode(normalised, { add_special_tokens: false }).ids.slice(0, this.maxTokens);
  }
}
