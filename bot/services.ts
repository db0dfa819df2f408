import type { Config } from '../core/config.js';
import { loadDemoDataIfEmpty } from '../core/importer/demoData.js';
import type { Logger } from '../core/logger.js';
import { openStore } from '../core/storage/openStore.js';
import type { Store } from '../core/storage/types.js';
import { createEncoder } from '../nlu/encoder/createEncoder.js';
import { createNluService } from '../nlu/nluService.js';
import type { Encoder, NluService } from '../nlu/types.js';
import { createRecommenderService } from '../recommender/recommenderService.js';
import { PopularityFallback } from './popularityFallback.js';
import type { Recommendations } from './ports.js';
import { QueryMatchingRecommendations } from './queryMatching.js';

/**
 * The real services the composition root starts, behind the factory signatures agreed with the storage, NLU and
 * recommender engineers. server.ts imports this module on demand, so tests that inject fakes stay light.
 */

export interface BotServices {
  store: Store;
  nlu: NluService;
  recommendations: Recommendations;
  /** The CF model's state (fitted, model, backend, trainedAt); it changes when background training ends. */
  recommenderStatus(): { fitted: boolean; model: string; backend: string; trainedAt?: string };
  /** Called on shutdown, after the server stops. */
  close(): Promise<void>;
}

/** Opens the store, loads demo data when configured, starts the encoder, NLU and the recommender. */
export async function startBotServices(config: Config, logger: Logger): Promise<BotServices> {
  const store = await openStore(config.storage, logger);
  let encoder: Encoder | undefined;
  const close = async (): Promise<void> => {
    await encoder?.dispose().catch((error: unknown) => logger.warn({ err: error }, 'encoder dispose failed'));
    await store.close();
  };
  try {
    if (config.storage.demoData) {
      const demo = await loadDemoDataIfEmpty(store, logger);
      logger.info(demo, demo.loaded ? 'demo data loaded' : 'store already has data: demo data not loaded');
    }
    encoder = await createEncoder(config.nlu, { dataDir: config.storage.dataDir, logger, tfjsBackend: config.tfjsBackend });
    const nlu = await createNluService({ config, logger, encoder });
    logger.info({ modelVersion: nlu.modelVersion }, 'NLU ready');
    // Loads the saved CF model; when there is none, trains in the background and answers with popularity meanwhile.
    const recommender = await createRecommenderService({ config, store, encoder, logger, trainIfMissing: false });
    if (recommender.status.fitted) {
      logger.info(recommender.status, 'recommender ready');
    } else if ((await store.interactions.count()) > 0) {
      logger.info(recommender.status, 'recommender not trained yet: training in the background, answering with popularity meanwhile');
      recommender
        .retrain()
        .then((report) => logger.info({ report, status: recommender.status }, 'recommender trained: personalised suggestions on'))
        .catch((error: unknown) => logger.error({ err: error }, 'recommender training failed: staying on popularity'));
    } else {
      logger.warn(recommender.status, 'no interactions in the store: suggestions use popularity/search until data is imported and `npm run recommender -- train` runs');
    }
    // Popularity while the CF model trains; every query-bearing answer says whether it matches what was asked for.
    const recommendations = new QueryMatchingRecommendations(new PopularityFallback(recommender, store, logger));
    return { store, nlu, recommendations, recommenderStatus: () => recommender.status, close };
  } catch (error) {
    await close().catch((closeError: unknown) => logger.warn({ err: closeError }, 'cleanup after failed start failed'));
    throw error;
  }
}
