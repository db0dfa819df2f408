import type { ProductSuggestion } from '../ports.js';
import type { FlowContext } from './flowContext.js';
import { extractProductQuery } from './textExtraction.js';
import type { BotReply, ProductCardModel } from './types.js';

/** Personalised suggestions, product search, "more like this" and "view" (both recorded as interactions). */

export const CAROUSEL_SIZE = 5;

function formatPrice(price: number | undefined, currency: string): string {
  return price === undefined ? '' : `${price.toFixed(2)} ${currency}`;
}

export function toCard(suggestion: ProductSuggestion): ProductCardModel {
  const { product } = suggestion;
  const card: ProductCardModel = {
    productId: product.id,
    title: product.title,
    subtitle: [formatPrice(product.price, product.currency), product.inStock ? '' : 'out of stock'].filter(Boolean).join(' · '),
    text: suggestion.reason,
  };
  if (product.imageUrl !== undefined) card.imageUrl = product.imageUrl;
  if (product.url !== undefined) card.url = product.url;
  return card;
}

function carousel(ctx: FlowContext, intro: string, suggestions: ProductSuggestion[], query?: string): BotReply[] {
  if (suggestions.length === 0) return [{ kind: 'text', text: ctx.say('recommendNone', { query }) }];
  return [{ kind: 'products', text: intro, cards: suggestions.map(toCard) }];
}

/** recommend_products / search_products: CF for the customer blended with the request's content words. */
export async function recommendProducts(ctx: FlowContext, text: string, mode: 'recommend' | 'search'): Promise<BotReply[]> {
  const query = extractProductQuery(text);
  const customerId = ctx.input.customerId ?? `anonymous:${ctx.input.conversationId}`;
  const options = query === undefined ? { n: CAROUSEL_SIZE } : { n: CAROUSEL_SIZE, query };
  let suggestions: ProductSuggestion[];
  try {
    suggestions = await ctx.recommendations.recommendForCustomer(customerId, options);
  } catch (error) {
    ctx.logger.error({ err: error, customerId }, 'recommendations failed');
    suggestions = [];
  }
  const intro = ctx.say(mode === 'search' && query !== undefined ? 'searchIntro' : 'recommendIntro', { query });
  return carousel(ctx, intro, suggestions, query);
}

async function recordClick(ctx: FlowContext, productId: string, kind: 'view' | 'click'): Promise<void> {
  if (ctx.input.customerId === undefined) return;
  try {
    await ctx.recommendations.recordInteraction(ctx.input.customerId, productId, kind);
  } catch (error) {
    ctx.logger.warn({ err: error, productId }, 'could not record interaction');
  }
}

/** "More like this" on a card: records the click, answers with similar products. */
export async function moreLikeThis(ctx: FlowContext, productId: string): Promise<BotReply[]> {
  const product = await ctx.store.products.get(productId);
  if (product === undefined) return [{ kind: 'text', text: ctx.say('unknownProduct') }];
  await recordClick(ctx, productId, 'click');
  let similar: ProductSuggestion[];
  try {
    similar = await ctx.recommendations.similarProducts(productId, CAROUSEL_SIZE);
  } catch (error) {
    ctx.logger.error({ err: error, productId }, 'similar products failed');
    similar = [];
  }
  return carousel(ctx, ctx.say('moreLikeThisIntro', { productTitle: product.title }), similar);
}

/** "View" on a card: records the view, answers with the product's details. */
export async function viewProduct(ctx: FlowContext, productId: string): Promise<BotReply[]> {
  const product = await ctx.store.products.get(productId);
  if (product === undefined) return [{ kind: 'text', text: ctx.say('unknownProduct') }];
  await recordClick(ctx, productId, 'view');
  const text = ctx.say('productDetails', {
    productTitle: product.title,
    productPrice: formatPrice(product.price, product.currency),
    productDescription: product.description,
  });
  return [{ kind: 'text', text, suggestedActions: [{ title: 'More like this', postback: { action: 'more_like', productId } }] }];
}
