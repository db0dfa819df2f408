/**
 * SentencePiece unigram tokenizer for the Universal Sentence Encoder Lite vocabulary (vocab.json: an array of
 * [piece, logProbability] pairs; the first 6 entries are reserved: unk, <s>, </s>, 3 extra ids).
 *
 * Segmentation is the Viterbi best path over the piece lattice (highest summed score), written to reproduce the
 * segmentation the model was published with (its reference JavaScript tokenizer), so that our embeddings match it:
 * - text is NFKC-normalised, every space becomes '▁' and one '▁' is prefixed;
 * - a character no piece starts with becomes the unknown id 0 (score 0); consecutive unknown ids are merged;
 * - a piece whose score is null in vocab.json scores 0; on equal scores the later candidate wins;
 * - when a piece is listed twice, the later id wins.
 * Before that, our own input hygiene (see `normaliseForEncoder`) removes control characters and extra whitespace.
 */

export type UseLiteVocabulary = ReadonlyArray<readonly [string, number | null]>;

export const UNKNOWN_TOKEN_ID = 0;
const RESERVED_SYMBOLS_COUNT = 6;
const WORD_BOUNDARY = '\u2581';

interface TrieNode {
  children: Map<number, TrieNode>;
  /** Vocabulary id of the piece ending here, or -1. */
  id: number;
  score: number;
  /** Piece length in code points. */
  length: number;
}

function newNode(): TrieNode {
  return { children: new Map(), id: -1, score: 0, length: 0 };
}

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

export interface TokenizerOptions {
  /** Longest token sequence returned; later tokens are dropped. */
  maxTokens: number;
  /** Longest normalised input, in code points, that is tokenized; the rest is ignored (bounds work on huge inputs). */
  maxInputCodePoints?: number;
}

export class SentencePieceTokenizer {
  private readonly root: TrieNode = newNode();
  private readonly maxTokens: number;
  private readonly maxInputCodePoints: number;
  /** Longest piece, in code points. */
  readonly longestPiece: number;

  constructor(vocabulary: UseLiteVocabulary, options: TokenizerOptions) {
    let longest = 1;
    for (let id = RESERVED_SYMBOLS_COUNT; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id];
      let node = this.root;
      let length = 0;
      for (const symbol of piece) {
        const codePoint = symbol.codePointAt(0) ?? 0;
        let child = node.children.get(codePoint);
        if (child === undefined) {
          child = newNode();
          node.children.set(codePoint, child);
        }
        node = child;
        length++;
      }
      if (length === 0) continue;
      node.id = id;
      node.score = score ?? 0;
      node.length = length;
      longest = Math.max(longest, length);
    }
    this.longestPiece = longest;
    this.maxTokens = options.maxTokens;
    this.maxInputCodePoints = options.maxInputCodePoints ?? options.maxTokens * longest * 2;
  }

  /** Token ids for a text (after `normaliseForEncoder`), at most `maxTokens` of them; [] for empty text. */
  encode(text: string): number[] {
    const normalised = normaliseForEncoder(text);
    if (normalised.length === 0) return [];
    const symbols: number[] = [WORD_BOUNDARY.codePointAt(0) ?? 0];
    for (const symbol of normalised) {
      if (symbols.length >= this.maxInputCodePoints) break;
      const codePoint = symbol.codePointAt(0) ?? 0;
      symbols.push(codePoint === 0x20 ? (WORD_BOUNDARY.codePointAt(0) ?? 0) : codePoint);
    }
    return this.viterbi(symbols);
  }

  private viterbi(symbols: readonly number[]): number[] {
    const n = symbols.length;
    // best[i] === 0 means "no path ends at i yet" (as in the reference; real paths score below 0). A position no
    // path reaches backtracks as one unknown symbol.
    const best = new Float64Array(n + 1);
    const bestId = new Int32Array(n + 1).fill(UNKNOWN_TOKEN_ID);
    const bestLength = new Int32Array(n + 1).fill(1);
    // Candidates are visited by start position, then by length: the same order as the reference, so that
    // ties (`>=`) resolve the same way.
    for (let start = 0; start < n; start++) {
      let node = this.root.children.get(symbols[start]);
      let matched = false;
      for (let end = start + 1; node !== undefined; end++) {
        if (node.id >= 0) {
          matched = true;
          this.relax(best, bestId, bestLength, start, end, node.score, node.id, node.length);
        }
        if (end >= n) break;
        node = node.children.get(symbols[end]);
      }
      if (!matched) this.relax(best, bestId, bestLength, start, start + 1, 0, UNKNOWN_TOKEN_ID, 1);
    }
    return this.backtrack(bestId, bestLength, n);
  }

  private relax(
    best: Float64Array,
    bestId: Int32Array,
    bestLength: Int32Array,
    start: number,
    end: number,
    score: number,
    id: number,
    length: number,
  ): void {
    const total = best[start] + score;
    if (best[end] === 0 || total >= best[end]) {
      best[end] = total;
      bestId[end] = id;
      bestLength[end] = length;
    }
  }

  private backtrack(bestId: Int32Array, bestLength: Int32Array, n: number): number[] {
    const reversed: number[] = [];
    for (let position = n; position > 0; position -= bestLength[position]) reversed.push(bestId[position]);
    const ids: number[] = [];
    for (let i = reversed.length - 1; i >= 0 && ids.length < this.maxTokens; i--) {
      const id = reversed[i];
      if (id === UNKNOWN_TOKEN_ID && ids.length > 0 && ids[ids.length - 1] === UNKNOWN_TOKEN_ID) continue;
      ids.push(id);
    }
    return ids;
  }
}
