/**
 * `npm run console:build`: installs the console's own dependencies (`npm ci` in console/) when its lock changed, and
 * builds it (type check + vite build into console/dist) when its sources changed since the last build; otherwise it
 * says it is up to date in a moment. `--force` rebuilds anyway. The bot serves console/dist at /console.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const consoleDir = path.join(root, 'console');
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];
const INSTALL_STAMP = path.join(consoleDir, 'node_modules', '.csbot-lock-sha256');
const BUILD_STAMP = path.join(consoleDir, 'dist', '.csbot-sources-sha256');

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .sort()
    .flatMap((name) => filesUnder(path.join(entry, name)));
}

/** One hash over the names and contents of every input file. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(path.join(consoleDir, input)))) {
    hash.update(path.relative(consoleDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function stamp(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function run(step: string, args: string[]): void {
  process.stdout.write(`console: ${step}\n`);
  const result = spawnSync('npm', args, { cwd: consoleDir, stdio: 'inherit', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${step} failed (npm ${args.join(' ')} exited with ${result.status ?? result.signal ?? 'unknown'})`);
}

function main(force: boolean): void {
  const lockHash = createHash('sha256').update(readFileSync(path.join(consoleDir, 'package-lock.json'))).digest('hex');
  if (force || stamp(INSTALL_STAMP) !== lockHash) {
    run('installing dependencies (npm ci in console/)', ['ci', '--no-audit', '--no-fund']);
    writeFileSync(INSTALL_STAMP, `${lockHash}\n`);
  }
  const sources = sourcesHash();
  if (!force && stamp(BUILD_STAMP) === sources && existsSync(path.join(consoleDir, 'dist', 'index.html'))) {
    process.stdout.write('console: build is up to date (console/dist)\n');
    return;
  }
  const started = Date.now();
  run('building (tsc + vite build into console/dist)', ['run', 'build']);
  writeFileSync(BUILD_STAMP, `${sources}\n`);
  process.stdout.write(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

try {
  main(process.argv.includes('--force'));
} catch (error) {
  process.stderr.write(`console: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
