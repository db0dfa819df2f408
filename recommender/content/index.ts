export { ContentIndex, topScores, type ContentIndexOptions } from './contentIndex.js';
export { ProductEmbeddingCache, type EmbeddingCacheOptions, type EmbeddingProgress } from './embeddingCache.js';
export { productText, textHash } from './productText.js';
export { blendColdStart, type ColdStartOptions } from './coldStart.js';
