import { createHash } from 'node:crypto';
import type { Product } from '../../core/storage/types.js';

/** The text a product is embedded from: title, then description (when it adds anything). */
export function productText(product: Pick<Product, 'title' | 'description'>): string {
  const title = product.title.trim();
  const description = product.description.trim();
  return description === '' || description === title ? title : `${title}. ${description}`;
}

/** Short stable hash of a product text, so that an edited description is re-embedded. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
