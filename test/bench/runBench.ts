/**
 * `npm run bench [-- section ...]`: runs the benchmark sections and writes docs/benchmarks.md.
 * Each section lives in test/bench/<area>Bench.ts and exports `run(log): Promise<string>` (Markdown).
 * Sections whose module is missing or that fail are reported as such, never silently dropped.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SECTIONS = ['storage', 'import', 'nlu', 'recommender', 'recommenderModels', 'bot'] as const;
type SectionName = (typeof SECTIONS)[number];

interface BenchModule {
  run(log: (line: string) => void): Promise<string>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const docsFile = path.join(root, 'docs', 'benchmarks.md');

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const memGiB = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${os.cpus().length} × ${cpu}, ${memGiB} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

function isBenchModule(value: unknown): value is BenchModule {
  return typeof value === 'object' && value !== null && typeof (value as { run?: unknown }).run === 'function';
}

async function runSection(name: SectionName): Promise<string> {
  const file = path.join(here, `${name}Bench.ts`);
  if (!existsSync(file)) return `## ${name}\n\n_Not measured: ${path.relative(root, file)} does not exist yet._\n`;
  const log = (line: string): void => {
    process.stdout.write(`[${name}] ${line}\n`);
  };
  const started = Date.now();
  try {
    const loaded: unknown = await import(pathToFileURL(file).href);
    if (!isBenchModule(loaded)) throw new Error(`${name}Bench.ts does not export run(log)`);
    const markdown = await loaded.run(log);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return `## ${name}\n\n${markdown.trim()}\n`;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`[${name}] FAILED: ${message}\n`);
    return `## ${name}\n\n_Failed: ${message.split('\n')[0]}_\n`;
  }
}

/** Keeps the sections that were not re-run this time, so `npm run bench -- nlu` updates only NLU. */
function previousSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(docsFile)) return sections;
  const text = readFileSync(docsFile, 'utf8');
  const parts = text.split(/^## /m).slice(1);
  for (const part of parts) {
    const name = part.slice(0, part.indexOf('\n')).trim();
    sections.set(name, `## ${part.trim()}\n`);
  }
  return sections;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = requested.filter((r) => !(SECTIONS as readonly string[]).includes(r));
  if (unknown.length > 0) {
    process.stderr.write(`unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}\n`);
    process.exit(2);
  }
  const selected = requested.length > 0 ? (requested as SectionName[]) : [...SECTIONS];
  const sections = previousSections();
  const date = new Date().toISOString().slice(0, 10);
  for (const name of selected) {
    const body = await runSection(name);
    sections.set(name, body.replace(/^## .*\n/, `## ${name}\n\n_Measured ${date} on ${machine()} with \`npm run bench -- ${name}\`._\n`));
  }
  // Benchmark sections in their fixed order, then any other section (e.g. hand-written evaluation results) as it was.
  const others = [...sections.keys()].filter((name) => !(SECTIONS as readonly string[]).includes(name));
  const ordered = [...SECTIONS.filter((s) => sections.has(s)), ...others].map((s) => sections.get(s) ?? '');
  const header = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (all sections) or `npm run bench -- <section>` (one section: storage, import, nlu, recommender, recommenderModels, bot).',
    'Each section says when and on which machine it was measured. Numbers from a shared 2-core machine vary by ±20 %.',
    '',
  ].join('\n');
  mkdirSync(path.dirname(docsFile), { recursive: true });
  writeFileSync(docsFile, `${header}\n${ordered.join('\n')}`);
  process.stdout.write(`wrote ${path.relative(root, docsFile)}\n`);
}

await main();
