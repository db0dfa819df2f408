/**
 * `npm run build` step: tsc emits JavaScript only, so copy the data files the product reads at run time
 * (YAML flows and intents, the shipped sentiment model, demo data, the demo page) next to the compiled code in dist/.
 */
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ASSET_DIRS = ['bot/data', 'bot/web', 'nlu/data', 'nlu/models', 'core/importer/demo'];
// TypeScript sources are compiled by tsc; .js files in these folders are browser assets (the demo page's script).
const CODE = /\.(ts|map)$/;

for (const dir of ASSET_DIRS) {
  const from = path.join(root, dir);
  if (!existsSync(from)) continue;
  cpSync(from, path.join(root, 'dist', dir), {
    recursive: true,
    filter: (source) => !CODE.test(source),
  });
  process.stdout.write(`copied ${dir} -> dist/${dir}\n`);
}
