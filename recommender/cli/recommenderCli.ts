import { environmentWithDotenv, loadConfig, type Config } from '../../core/config.js';
import { isAppError } from '../../core/errors.js';
import { createLogger, type Logger } from '../../core/logger.js';
import { openStore } from '../../core/storage/openStore.js';
import type { Store } from '../../core/storage/types.js';
import { initTfjs } from '../../core/tfjs.js';
import { createEncoder } from '../../nlu/encoder/createEncoder.js';
import { createRecommenderService, type RecommenderService } from '../recommenderService.js';
import type { InteractionRecord } from '../types.js';
import { CliArgs } from './cliArgs.js';
import { runEvalCommand } from './evalCommand.js';

const USAGE = `usage: npm run recommender -- <command> [options]
  train                          train the configured model (RECOMMENDER_*) from the store, save under DATA_DIR/models/recommender
  recommend --customer ID [--query TEXT] [--n 5]   print suggestions for a customer
  similar --product ID [--n 5]   print products similar to one product
  eval [--file FILE|DIR] [--preset uci-retail] [--user-col C --item-col C --time-col C --value-col C]
       [--filter-col C --filter-equals V] [--min-value V] [--keep-repeats]
       [--test-days 30 | --last-k N] [--include-seen] [--k 10]
       [--model als|ease|itemknn|popularity] [--factors 64 --iterations 15 --regularization 0.05 --alpha 5
        --backend auto|cpu|tfjs-wasm|tfjs-gpu --workers 0 | --lambda 250 | --neighbours 20 --shrinkage 0]
       [--recency-half-life DAYS] [--json FILE] [--report FILE.html]
     evaluates the model and the popularity and item-kNN baselines on the same split over the full ranking.
     Without --file it reads the configured store.`;

const BOOLEAN_FLAGS = ['keep-repeats', 'include-seen', 'help'];

async function loadStoreRecords(config: Config, logger: Logger): Promise<InteractionRecord[]> {
  const store = await openStore(config.storage, logger);
  try {
    const records: InteractionRecord[] = [];
    for await (const i of store.interactions.stream()) {
      records.push({ userId: i.customerId, itemId: i.productId, kind: i.kind, value: i.value, timestamp: i.timestamp.getTime() });
    }
    return records;
  } finally {
    await store.close();
  }
}

async function withService<T>(config: Config, logger: Logger, trainIfMissing: boolean, use: (service: RecommenderService, store: Store) => Promise<T>): Promise<T> {
  await initTfjs(config.tfjsBackend, logger);
  const store = await openStore(config.storage, logger);
  const encoder = await createEncoder(config.nlu, { dataDir: config.storage.dataDir, logger });
  try {
    const service = await createRecommenderService({ config, store, encoder, logger, trainIfMissing });
    return await use(service, store);
  } finally {
    await encoder.dispose();
    await store.close();
  }
}

function printSuggestions(out: (line: string) => void, suggestions: Awaited<ReturnType<RecommenderService['similarProducts']>>): void {
  if (suggestions.length === 0) out('(no suggestions)');
  suggestions.forEach((s, i) => out(`${String(i + 1).padStart(2)}. ${s.product.id.padEnd(12)} ${s.score.toFixed(3)}  ${s.product.title}  — ${s.reason}`));
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  if (command === undefined || command === '--help' || command === 'help') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const args = new CliArgs(rest, BOOLEAN_FLAGS);
  const config = loadConfig(environmentWithDotenv());
  const logger = createLogger({ level: config.logLevel }, process.stderr);
  switch (command) {
    case 'eval':
      await initTfjs(config.tfjsBackend, logger);
      await runEvalCommand({ args, logger, out, loadStoreRecords: () => loadStoreRecords(config, logger), recommender: config.recommender });
      return 0;
    case 'train': {
      args.assertAllUsed();
      return withService(config, logger, false, async (service) => {
        out(`training ${config.recommender.model} from the store (progress in the log on stderr)`);
        const report = await service.retrain();
        out(`trained ${report.model} on ${report.backend}: ${report.users} users × ${report.items} items, ${report.interactions} cells, ${report.seconds.toFixed(1)} s`);
        out(`saved under ${config.storage.dataDir}/models/recommender/`);
        return 0;
      });
    }
    case 'recommend': {
      const customer = args.string('customer');
      const query = args.string('query');
      const n = args.number('n', { min: 1, max: 100, integer: true }) ?? 5;
      args.assertAllUsed();
      if (customer === undefined) throw new Error('recommend needs --customer ID');
      return withService(config, logger, true, async (service) => {
        out(`suggestions for ${customer}${query === undefined ? '' : ` (query "${query}")`} — model ${service.status.model}${service.status.fitted ? '' : ' (not trained)'}`);
        printSuggestions(out, await service.recommendForCustomer(customer, { n, query }));
        return 0;
      });
    }
    case 'similar': {
      const product = args.string('product');
      const n = args.number('n', { min: 1, max: 100, integer: true }) ?? 5;
      args.assertAllUsed();
      if (product === undefined) throw new Error('similar needs --product ID');
      return withService(config, logger, true, async (service) => {
        printSuggestions(out, await service.similarProducts(product, n));
        return 0;
      });
    }
    default:
      process.stderr.write(`unknown command '${command}'\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = isAppError(error) ? ` [${error.code}]` : '';
    process.stderr.write(`recommender: ${error instanceof Error ? error.message : String(error)}${code}\n`);
    process.exitCode = 1;
  },
);
