/**
 * Rebuilds the Bitext part of nlu/data/intents.yml from the Bitext customer-support CSV (CDLA-Sharing-1.0, (c) Bitext).
 * Per Bitext intent: a seeded shuffle, then EXAMPLES training examples and TESTS held-out tests. Hand-written intents
 * (any intent not in Bitext) and `out_of_scope_examples` / `out_of_scope_tests` are kept from the existing file. Then the hand-written natural
 * examples and tests of nlu/data/handwritten-examples.yml are appended to their intents (texts already there are
 * skipped, so a rebuild is idempotent). The result is validated like any intents file before it is written.
 *
 *   npx tsx nlu/data/buildIntentsFromBitext.ts [--csv PATH] [--out nlu/data/intents.yml] [--seed 7]
 *     [--handwritten nlu/data/handwritten-examples.yml] [--check]   (--check: exit 1 if --out differs, write nothing)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'yaml';
import { defaultIntentsFile, loadIntentsFile, normaliseForDuplicates, parseIntentsYaml, type IntentDefinition } from './intentsFile.js';
import { seededRandom, shuffled } from '../util/random.js';

const EXAMPLES = 30;
const TESTS = 10;

interface BitextRow {
  instruction: string;
  intent: string;
}

/** Appends the additions' examples and tests to the intent of the same name (a new intent when there is none). */
function mergeAdditions(intents: readonly IntentDefinition[], additions: readonly IntentDefinition[]): IntentDefinition[] {
  const merged = intents.map((intent) => ({ name: intent.name, examples: [...intent.examples], tests: [...intent.tests] }));
  for (const addition of additions) {
    let target = merged.find((intent) => intent.name === addition.name);
    if (target === undefined) {
      target = { name: addition.name, examples: [], tests: [] };
      merged.push(target);
    }
    const present = new Set([...target.examples, ...target.tests].map(normaliseForDuplicates));
    for (const [list, texts] of [[target.examples, addition.examples], [target.tests, addition.tests]] as const) {
      for (const text of texts) {
        const key = normaliseForDuplicates(text);
        if (present.has(key)) continue;
        present.add(key);
        list.push(text);
      }
    }
  }
  return merged;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      csv: { type: 'string', default: '../shared/data/bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv' },
      out: { type: 'string', default: defaultIntentsFile() },
      seed: { type: 'string', default: '7' },
      handwritten: { type: 'string', default: fileURLToPath(new URL('./handwritten-examples.yml', import.meta.url)) },
      check: { type: 'boolean', default: false },
    },
  });
  const csvPath = values.csv;
  const out = values.out;
  const rows = parseCsv(await readFile(csvPath), { columns: true, skip_empty_lines: true }) as BitextRow[];
  const existing = await loadIntentsFile(out);
  const additions = await loadIntentsFile(values.handwritten);
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
  const intents = mergeAdditions([...bitextIntents, ...handWritten], additions.intents);
  const header = [
    '# Intents for the customer-service bot: `examples` train the classifier, `tests` are held out for evaluation.',
    '# The 27 Bitext intents are derived from the Bitext customer-support dataset (CDLA-Sharing-1.0, (c) Bitext Innovations)',
    `# by nlu/data/buildIntentsFromBitext.ts (seed ${values.seed}); see nlu/data/README.md. The other intents are hand-written.`,
    '# Hand-written natural examples and tests from nlu/data/handwritten-examples.yml follow the Bitext ones: edit that file',
    '# (not this one) for Bitext intents, then rerun the script.',
    '',
  ].join('\n');
  const text = header + stringify({ version: 1, intents, out_of_scope_examples: existing.outOfScopeExamples, out_of_scope_tests: existing.outOfScopeTests }, { lineWidth: 0 });
  parseIntentsYaml(text, out);
  const added = intents.reduce((n, i) => n + i.examples.length + i.tests.length, 0) - [...bitextIntents, ...handWritten].reduce((n, i) => n + i.examples.length + i.tests.length, 0);
  if (values.check) {
    const same = (await readFile(out, 'utf8')) === text;
    process.stdout.write(same ? `${out} is up to date\n` : `${out} differs from what the script builds: rerun it without --check\n`);
    if (!same) process.exitCode = 1;
    return;
  }
  await writeFile(out, text);
  process.stdout.write(`wrote ${out}: ${bitextIntents.length} Bitext + ${handWritten.length} hand-written intents, ${added} hand-written texts added from ${values.handwritten}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
