import { createRecommender } from './recommender/models/index.js';
import { syntheticInteractions } from './test/bench/syntheticInteractions.js';
const records = [...syntheticInteractions(6000, 3700, 167, 3)];
const m = createRecommender('ease', { tfjsBackend: 'wasm' });
const c0 = process.cpuUsage();
const r = await m.fit(records, { onProgress: (p) => console.log(p) });
const c = process.cpuUsage(c0);
console.log(r.seconds, 'cpu', (c.user + c.system) / 1e6);
