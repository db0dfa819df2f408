import type { Config } from '../core/config.js';
import { loadDemoDataIfEmpty } from '../core/importer/demoData.js';
import type { Logger } from '../core/logger.js';
import { openStore } from '../core/storage/openStore.js';
import type { Store } from '../core/storage/types.js';
import { createEncoder } from '../nlu/encoder/createEncoder.js';
import { createNluService } from '../nlu/nluService.js';
import type { Encoder, NluService } from '../nlu/types.js';
import type { FitReport } from '../recommender/types.js';
import type { Recommendations } from './ports.js';

/**
 * The real services the composition root starts, behind the factory signatures agreed with the storage, NLU and
 * recommender engineers. The recommender is loaded lazily (and TF.js with it) so tests that inject fakes stay light.
 */

export interface RecommenderRuntime extends Recommendations {
  retrain(): Promise<FitReport>;
  readonly status: { fitted: boolean; model: string; backend: string; trainedAt?: string };
}

export interface BotServices {
  store: Store;
  nlu: NluService;
  recommendations: Recommendations;
  /** Called on shutdown, after the server stops. */
  close(): Promise<void>;
}

interface RecommenderModule {
  createRecommenderService(deps: { config: Config; store: Store; encoder: Encoder; logger: Logger }): Promise<RecommenderRuntime>;
}

async function load<T>(specifier: string): Promise<T> {
  return (await import(specifier)) as T;
}

/** Opens the store, loads demo data, starts NLU and the recommender (CF training in the background). */
export async function startBotServices(config: Config, logger: Logger): Promise<BotServices> {
  const store = await openStore(config.storage, logger);
  if (config.storage.demoData) {
    const demo = await loadDemoDataIfEmpty(store, logger);
    logger.info(demo, demo.loaded ? 'demo data loaded' : 'store already has data: demo data not loaded');
  }
  const encoder = await createEncoder(config.nlu, { dataDir: config.storage.dataDir, logger });
  const nlu = await createNluService({ config, logger, encoder });
  logger.info({ modelVersion: nlu.modelVersion }, 'NLU ready');
  const { createRecommenderService } = await load<RecommenderModule>('../recommender/recommenderService.js');
  const recommender = await createRecommenderService({ config, store, encoder, logger });
  if (!recommender.status.fitted) {
    logger.info(recommender.status, 'recommender not fitted yet: answering with popularity while it trains in the background');
    recommender
      .retrain()
      .then((report) => logger.info({ report, status: recommender.status }, 'recommender trained'))
      .catch((error: unknown) => logger.error({ err: error }, 'recommender training failed: keeping popularity answers'));
  } else {
    logger.info(recommender.status, 'recommender ready');
  }
  return {
    store,
    nlu,
    recommendations: recommender,
    close: async () => {
      await encoder.dispose().catch((error: unknown) => logger.warn({ err: error }, 'encoder dispose failed'));
      await store.close();
    },
  };
}
