import { createRecommender } from './recommender/models/index.js';
import { syntheticInteractions } from './test/bench/syntheticInteractions.js';
const records = [...syntheticInteractions(6000, 3700, 167, 3)];
const model = createRecommender('als', { backend: 'cpu', iterations: 2, factors: 64, minInteractionsForWorkers: 1e9 });
let lastCpu = process.cpuUsage(); let lastWall = performance.now();
await model.fit(records, { onProgress: (p) => { const c = process.cpuUsage(lastCpu); console.log('iter', p.iteration, 'cpu', ((c.user + c.system) / 1e6).toFixed(2), 'wall', ((performance.now() - lastWall) / 1000).toFixed(2)); lastCpu = process.cpuUsage(); lastWall = performance.now(); } });
