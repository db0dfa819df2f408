import { silentLogger } from '../../../core/logger.js';
import { createRecommender } from '../../../recommender/models/index.js';
import { describeRecommenderContract } from './recommenderContract.js';

const logger = silentLogger();
const als = { factors: 8, iterations: 8, regularization: 0.1, alpha: 5, seed: 7, logger };

describeRecommenderContract('popularity', () => createRecommender('popularity', { logger }), { personalised: false });
describeRecommenderContract('itemknn', () => createRecommender('itemknn', { neighbours: 20, logger }), { personalised: true });
describeRecommenderContract('ease', () => createRecommender('ease', { lambda: 10, tfjsBackend: 'wasm', logger }), { personalised: true });
describeRecommenderContract('als (cpu, inline)', () => createRecommender('als', { ...als, backend: 'cpu' }), { personalised: true });
describeRecommenderContract(
  'als (cpu, 2 worker threads)',
  () => createRecommender('als', { ...als, backend: 'cpu', workers: 2, minInteractionsForWorkers: 0 }),
  { personalised: true },
);
describeRecommenderContract('als (tfjs-wasm)', () => createRecommender('als', { ...als, backend: 'tfjs-wasm' }), { personalised: true });
