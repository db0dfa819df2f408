import { sealFiles } from './modelIntegrity.js';

/**
 * Seals model files that were produced without a checksum manifest (a model shipped in the repository, or one copied
 * in by hand) so that they load again. Only for files you trust: sealing blesses whatever bytes are there now.
 *   npx tsx core/integrity/sealCli.ts <dir> <model-format> <file>...
 *   npx tsx core/integrity/sealCli.ts nlu/models/sentiment csbot-weights@1 weights.json weights.bin
 */
async function main(argv: string[]): Promise<void> {
  const [dir, modelFormat, ...files] = argv;
  if (dir === undefined || modelFormat === undefined || files.length === 0) {
    process.stderr.write('usage: sealCli.ts <dir> <model-format> <file>...\n');
    process.exit(2);
  }
  const manifest = await sealFiles(dir, files, modelFormat);
  for (const [name, entry] of Object.entries(manifest.files)) process.stdout.write(`${entry.sha256}  ${name} (${entry.bytes} bytes)\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
