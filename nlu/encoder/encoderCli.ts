import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { cosineSimilarity } from './vectorMath.js';
import { createEncoder } from './createEncoder.js';
import { measureEncoderSpeed } from './measureEncoderSpeed.js';
import { exportUseLiteForTransformers } from './exportUseLite.js';

/**
 * Sentence-encoder tool.
 *   npx tsx nlu/encoder/encoderCli.ts embed "Where is my order?" "Has my parcel shipped?"
 *   npx tsx nlu/encoder/encoderCli.ts bench [--texts file.csv|file.txt] [--column instruction] [--singles 200] [--batch 512] [--threads 1]
 *   npx tsx nlu/encoder/encoderCli.ts export <dir>     (USE-lite as a transformers.js folder: ONNX + tokenizer.json)
 * The encoder comes from the environment (NLU_ENCODER, NLU_ENCODER_WEIGHTS...).
 */

const USAGE = 'usage: encoderCli.ts embed <text...> | bench [--texts file] [--column name] [--singles n] [--batch n] [--threads n] | export <dir>\n';

const OPTIONS = {
  texts: { type: 'string' },
  column: { type: 'string', default: 'instruction' },
  singles: { type: 'string', default: '200' },
  batch: { type: 'string', default: '512' },
  threads: { type: 'string', default: '1' },
} as const;

const SAMPLE_TEXTS = [
  'Where is my order?',
  'I want to return these shoes',
  'My card was declined at the shop',
  'Can you recommend a gift for my mother?',
  'This is the worst service I have ever had!',
  'How do I reset my password?',
  'cancel my subscription please',
  "I'd like to speak to a human agent",
  'The package arrived damaged and I am furious',
  'Show me red dresses under 50 dollars',
];

function readTexts(file: string, column: string): string[] {
  const content = readFileSync(file, 'utf8');
  if (!file.endsWith('.csv')) return content.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const records = parse(content, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  return records.map((record) => record[column] ?? '').filter((text) => text.length > 0);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...args] = positionals;
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel }, process.stderr);
  if (command === 'export') {
    const dir = args[0];
    if (dir === undefined) throw new Error('usage: encoderCli.ts export <dir>');
    process.stderr.write(`exporting USE-lite to ${dir} ...\n`);
    const exported = await exportUseLiteForTransformers(dir, { logger, backend: config.tfjsBackend });
    process.stdout.write(`${exported.files.map((f) => `${dir}/${f}`).join('\n')}\nNLU_ENCODER=transformers NLU_ENCODER_MODEL=${dir} NLU_ENCODER_POOLING=cls\n`);
    return;
  }
  if (command !== 'embed' && command !== 'bench') {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const onnxThreads = Number(values.threads);
  const encoder = await createEncoder(config.nlu, { dataDir: config.storage.dataDir, logger, tfjsBackend: config.tfjsBackend, cacheSize: 0, onnxThreads });
  try {
    if (command === 'embed') {
      const texts = args;
      const vectors = await encoder.embed(texts);
      texts.forEach((text, i) => {
        const head = Array.from(vectors[i].slice(0, 4), (v) => v.toFixed(4)).join(', ');
        process.stdout.write(`${JSON.stringify(text)} → [${head}, …] (${vectors[i].length} dims)\n`);
      });
      for (let i = 1; i < texts.length; i++) process.stdout.write(`cosine(0, ${i}) = ${cosineSimilarity(vectors[0], vectors[i]).toFixed(4)}\n`);
    } else {
      const texts = values.texts === undefined ? SAMPLE_TEXTS : readTexts(values.texts, values.column);
      const report = await measureEncoderSpeed(encoder, texts, {
        singles: Number(values.singles),
        batchSize: Number(values.batch),
        onProgress: (stage, done, total) => process.stderr.write(`${stage}: ${done}/${total}\n`),
      });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    }
  } finally {
    await encoder.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
