import { createHash } from 'node:crypto';
import type { Product } from '../../core/storage/types.js';

/**
 * Catalogues often shout ("PINK SCENTED CANDLE"); sentence encoders are trained on ordinary text and place
 * all-caps words far from the same words in lower case (USE-lite: cosine 0.46 vs 0.67 to "candles").
 * Text with no lower-case letter is therefore lower-cased before embedding.
 */
function naturalCase(text: string): string {
  return /\p{Ll}/u.test(text) ? text : text.toLowerCase();
}

/** The text a product is embedded from: title, then description (when it adds anything). */
export function productText(product: Pick<Product, 'title' | 'description'>): string {
  const title = naturalCase(product.title.trim());
  const description = naturalCase(product.description.trim());
  return description === '' || description === title ? title : `${title}. ${description}`;
}

/** Short stable hash of a product text, so that an edited description is re-embedded. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
