import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { environmentWithDotenv, loadConfig } from '../../core/config.js';
import { isAppError, ValidationError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { createNluService } from '../nluService.js';
import type { Encoder } from '../types.js';
import { encoderOpener, stringOption, type CliContext } from './cliContext.js';
import { evalCommand } from './evalCommand.js';
import { trainIntents, trainSentiment } from './trainCommand.js';

const USAGE = `Usage: npm run nlu -- <command> [options]

  train [--intents FILE]                      train the intent model from the intents YAML into \${DATA_DIR}/models/intents
  train --task sentiment --train FILE[,FILE] [--test FILE] [--out DIR] [--max-train N per file] [--label-map ...]
       [--neutral BITEXT.csv] [--neutral-text-col NAME] [--neutral-holdout F] [--service-test FILE]
       [--neutral-extra FILE[,FILE]] [--max-neutral-extra N]
                                              train the sentiment head (default out: nlu/models/sentiment) + provenance.json
  predict "text"                              intent + sentiment of one message, as JSON
  eval [--task intents|sentiment]             evaluate; without --train: the configured model (YAML tests / shipped sentiment)
       [--train FILE[,FILE]] [--test FILE[,FILE]] [--valid FILE[,FILE]] [--folds K]
       [--text-col NAME] [--label-col NAME] [--oos-label LABEL] [--label-map FROM=TO[,FROM=TO]] [--model DIR]
       [--min-oos-recall R]                   threshold: keep most valid requests while rejecting >= R of OOS validation rows
       [--json FILE] [--report FILE.html] [--no-cache] [--seed N]
                                              labels are case-insensitive; out-of-scope training rows train an OOS class;
                                              sentiment: 3-class report (per-class P/R/F1, confusion, upset rates) when
                                              the test set has neutral rows

Datasets: .csv / .tsv (header), .jsonl, a folder with seq.in + label, or "<label> <text>" lines.
Configuration comes from the environment (DATA_DIR, NLU_ENCODER, NLU_OOS_THRESHOLD, NLU_SEED, TFJS_BACKEND...).
`;

const OPTIONS = {
  task: { type: 'string' },
  intents: { type: 'string' },
  train: { type: 'string' },
  test: { type: 'string' },
  valid: { type: 'string' },
  out: { type: 'string' },
  folds: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'string' },
  report: { type: 'string' },
  'text-col': { type: 'string' },
  'label-col': { type: 'string' },
  'oos-label': { type: 'string' },
  'label-map': { type: 'string' },
  model: { type: 'string' },
  'min-oos-recall': { type: 'string' },
  'max-train': { type: 'string' },
  neutral: { type: 'string' },
  'neutral-text-col': { type: 'string' },
  'neutral-holdout': { type: 'string' },
  'neutral-extra': { type: 'string' },
  'max-neutral-extra': { type: 'string' },
  'service-test': { type: 'string' },
  'no-cache': { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export interface NluCliIo {
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Use this encoder instead of the configured one (tests). */
  encoder?: Encoder;
}

/** Runs one CLI command; returns the exit code. Exported so tests can call it without spawning. */
export async function runNluCli(argv: readonly string[], io: NluCliIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  let encoder: Encoder | undefined;
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...rest] = positionals;
    if (values.help === true || command === undefined) {
      stdout(USAGE);
      return command === undefined && values.help !== true ? 1 : 0;
    }
    const config = loadConfig(io.env ?? environmentWithDotenv());
    const logger = createLogger({ level: values.verbose === true ? config.logLevel : 'warn' }, process.stderr);
    const openEncoder = encoderOpener(config, logger, io.encoder);
    const ctx: CliContext = {
      config,
      logger,
      out: stdout,
      progress: (line) => stderr(`${line}\n`),
      encoder: async () => (encoder = await openEncoder()),
    };
    if (command === 'train') {
      if ((stringOption(values, 'task') ?? 'intents') === 'sentiment') await trainSentiment(ctx, values, argv);
      else await trainIntents(ctx, values);
    } else if (command === 'eval') {
      await evalCommand(ctx, values);
    } else if (command === 'predict') {
      const text = rest.join(' ');
      const nlu = await createNluService({ config, logger, encoder: await ctx.encoder() });
      stdout(`${JSON.stringify(await nlu.understand(text), null, 2)}\n`);
    } else {
      throw new ValidationError(`unknown command '${command}'`);
    }
    return 0;
  } catch (error) {
    const code = isAppError(error) ? error.code : 'INTERNAL';
    stderr(`error [${code}]: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!isAppError(error) && error instanceof Error && error.stack !== undefined) stderr(`${error.stack}\n`);
    return 1;
  } finally {
    if (encoder !== undefined && io.encoder === undefined) await encoder.dispose();
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runNluCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
