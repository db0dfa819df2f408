import { environmentWithDotenv, loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { runImportCommand } from '../../core/importer/cli/importCommand.js';
import { openStore } from '../../core/storage/openStore.js';

/**
 * `npm run import -- <products|interactions|customers|orders|uci-retail> FILE|DIR [flags]`
 * Logs (pino JSON, LOG_LEVEL), progress and bad rows go to stderr; the summary goes to stdout.
 */
async function main(): Promise<number> {
  const config = loadConfig(environmentWithDotenv());
  const logger = createLogger({ level: config.logLevel }, process.stderr);
  return runImportCommand(process.argv.slice(2), { config, logger, openStore, stdout: process.stdout, stderr: process.stderr });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
