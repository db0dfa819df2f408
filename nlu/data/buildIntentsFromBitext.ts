/**
 * Rebuilds the Bitext part of nlu/data/intents.yml from the Bitext customer-support CSV (CDLA-Sharing-1.0, (c) Bitext).
 * Per Bitext intent: a seeded shuffle, then EXAMPLES training examples and TESTS held-out tests. Hand-written intents
 * (any intent not in Bitext) and `out_of_scope_tests` are kept from the existing file.
 *
 *   npx tsx nlu/data/buildIntentsFromBitext.ts [--csv PATH] [--out nlu/data/intents.yml] [--seed 7]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'yaml';
import { defaultIntentsFile, loadIntentsFile, normaliseForDuplicates, type IntentDefinition } from './intentsFile.js';
import { seededRandom, shuffled } from '../util/random.js';

const EXAMPLES = 30;
const TESTS = 10;

interface BitextRow {
  instruction: string;
  intent: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      csv: { type: 'string', default: '../shared/data/bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv' },
      out: { type: 'string', default: defaultIntentsFile() },
      seed: { type: 'string', default: '7' },
    },
  });
  const csvPath = values.csv;
  const out = values.out;
  const rows = parseCsv(await readFile(csvPath), { columns: true, skip_empty_lines: true }) as BitextRow[];
  const existing = await loadIntentsFile(out);
  const random = seededRandom(Number(values.seed));
  const byIntent = new Map<string, string[]>();
  for (const row of rows) {
    const text = row.instruction.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    byIntent.set(row.intent, [...(byIntent.get(row.intent) ?? []), text]);
  }
  const taken = new Set<string>();
  const bitextIntents: IntentDefinition[] = [];
  for (const name of [...byIntent.keys()].sort()) {
    const picked: string[] = [];
    for (const text of shuffled(byIntent.get(name) ?? [], random)) {
      const key = normaliseForDuplicates(text);
      if (taken.has(key)) continue;
      taken.add(key);
      picked.push(text);
      if (picked.length === EXAMPLES + TESTS) break;
    }
    bitextIntents.push({ name, examples: picked.slice(0, EXAMPLES), tests: picked.slice(EXAMPLES) });
  }
  const handWritten = existing.intents.filter((intent) => !byIntent.has(intent.name));
  const header = [
    '# Intents for the customer-service bot: `examples` train the classifier, `tests` are held out for evaluation.',
    '# The 27 Bitext intents are derived from the Bitext customer-support dataset (CDLA-Sharing-1.0, (c) Bitext Innovations)',
    `# by nlu/data/buildIntentsFromBitext.ts (seed ${values.seed}); see nlu/data/README.md. The other intents are hand-written.`,
    '',
  ].join('\n');
  const body = stringify(
    { version: 1, intents: [...bitextIntents, ...handWritten], out_of_scope_tests: existing.outOfScopeTests },
    { lineWidth: 0 },
  );
  await writeFile(out, header + body);
  process.stdout.write(`wrote ${out}: ${bitextIntents.length} Bitext + ${handWritten.length} hand-written intents\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
