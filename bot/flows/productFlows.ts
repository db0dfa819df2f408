import type { Product } from '../../core/storage/types.js';
import type { ProductSuggestion } from '../ports.js';
import type { MessageKey } from './flowBook.js';
import { isGuest, type FlowContext } from './flowContext.js';
import { extractProductQuery } from './textExtraction.js';
import type { BotReply, ProductCardModel, SuggestedAction } from './types.js';

/**
 * Suggestions (personal for customers; popular, then from what they looked at, for guests), product search,
 * "More like this", "Details" (both recorded as interactions) and "Why this?" (the recommender's explanation).
 */

export const CAROUSEL_SIZE = 5;
const SHOWN_LIMIT = 30;
const VIEWED_LIMIT = 10;

function price(ctx: FlowContext, product: Product): string {
  return product.price === undefined ? '' : ctx.format.money(product.price, product.currency);
}

/** The description, unless it only repeats the title (as imported catalogues often do). */
export function description(product: Pick<Product, 'title' | 'description'>): string {
  const text = product.description.trim();
  return text.toLowerCase() === product.title.trim().toLowerCase() ? '' : text;
}

function cardButtons(product: Product, kind: 'carousel' | 'details'): SuggestedAction[] {
  const moreLike: SuggestedAction = { title: 'More like this', postback: { action: 'more_like', productId: product.id } };
  const why: SuggestedAction = { title: 'Why this?', postback: { action: 'why', productId: product.id } };
  if (kind === 'carousel') return [{ title: 'Details', postback: { action: 'view', productId: product.id } }, moreLike, why];
  return [...(product.url === undefined ? [] : [{ title: 'Product page', url: product.url }]), moreLike];
}

export function toCard(ctx: FlowContext, product: Product, kind: 'carousel' | 'details' = 'carousel'): ProductCardModel {
  const card: ProductCardModel = {
    productId: product.id,
    title: product.title,
    subtitle: [price(ctx, product), product.inStock ? '' : 'out of stock'].filter(Boolean).join(' · '),
    text: description(product),
    buttons: cardButtons(product, kind),
  };
  if (product.imageUrl !== undefined) card.imageUrl = product.imageUrl;
  if (product.url !== undefined) card.url = product.url;
  return card;
}

/** Keeps the explanations of what was shown, for "Why this?". */
function remember(ctx: FlowContext, suggestions: ProductSuggestion[]): void {
  const shown = (ctx.state.shown ?? []).filter((s) => !suggestions.some((n) => n.product.id === s.productId));
  ctx.state.shown = [...shown, ...suggestions.map((s) => ({ productId: s.product.id, reason: s.reason }))].slice(-SHOWN_LIMIT);
}

function carousel(ctx: FlowContext, intro: string, suggestions: ProductSuggestion[]): BotReply[] {
  if (suggestions.length === 0) return [{ kind: 'text', text: ctx.say('recommendNone') }];
  remember(ctx, suggestions);
  return [{ kind: 'products', text: intro, cards: suggestions.map((s) => toCard(ctx, s.product)) }];
}

async function suggest(ctx: FlowContext, query: string | undefined): Promise<ProductSuggestion[]> {
  // Guests are unknown to the recommender by design: it answers with popular items (and the query).
  const customerId = ctx.customer?.id ?? `anonymous:${ctx.input.conversationId}`;
  try {
    return await ctx.recommendations.recommendForCustomer(customerId, query === undefined ? { n: CAROUSEL_SIZE } : { n: CAROUSEL_SIZE, query });
  } catch (error) {
    ctx.logger.error({ err: error, conversationId: ctx.input.conversationId }, 'recommendations failed');
    return [];
  }
}

async function similar(ctx: FlowContext, productId: string): Promise<ProductSuggestion[]> {
  try {
    return await ctx.recommendations.similarProducts(productId, CAROUSEL_SIZE);
  } catch (error) {
    ctx.logger.error({ err: error, productId }, 'similar products failed');
    return [];
  }
}

/** recommend_products / search_products: the request's words decide; what matches none of them is said so. */
export async function recommendProducts(ctx: FlowContext, text: string, mode: 'recommend' | 'search'): Promise<BotReply[]> {
  const query = extractProductQuery(text);
  const guest = isGuest(ctx);
  const lastViewed = ctx.state.viewed?.at(-1);
  if (query === undefined && guest && lastViewed !== undefined) {
    return carousel(ctx, ctx.say('recommendIntroSession'), await similar(ctx, lastViewed));
  }
  const plainIntro: MessageKey = guest ? 'recommendIntroGuest' : 'recommendIntro';
  if (query === undefined) return carousel(ctx, ctx.say(plainIntro), await suggest(ctx, undefined));
  const suggestions = await suggest(ctx, query);
  const judged = suggestions.filter((s) => s.matchesQuery !== undefined);
  const matching = suggestions.filter((s) => s.matchesQuery !== false);
  if (judged.length > 0 && matching.length === 0) {
    const instead = await suggest(ctx, undefined);
    return carousel(ctx, ctx.say(guest ? 'recommendNoMatchGuest' : 'recommendNoMatch', { query }), instead);
  }
  const intro = judged.length > 0 || mode === 'search' ? ctx.say('searchIntro', { query }) : ctx.say(plainIntro);
  return carousel(ctx, intro, matching);
}

/** Customers' clicks go to the recommender; a guest's stay in the conversation, for their next suggestions. */
async function recordInterest(ctx: FlowContext, productId: string, kind: 'view' | 'click'): Promise<void> {
  if (ctx.customer === undefined) {
    ctx.state.viewed = [...(ctx.state.viewed ?? []).filter((id) => id !== productId), productId].slice(-VIEWED_LIMIT);
    return;
  }
  try {
    await ctx.recommendations.recordInteraction(ctx.customer.id, productId, kind);
  } catch (error) {
    ctx.logger.warn({ err: error, productId }, 'could not record interaction');
  }
}

/** "More like this" on a card: records the click, answers with similar products. */
export async function moreLikeThis(ctx: FlowContext, productId: string): Promise<BotReply[]> {
  const product = await ctx.store.products.get(productId);
  if (product === undefined) return [{ kind: 'text', text: ctx.say('unknownProduct') }];
  await recordInterest(ctx, productId, 'click');
  return carousel(ctx, ctx.say('moreLikeThisIntro', { productTitle: product.title }), await similar(ctx, productId));
}

/** "Details" on a card: records the view, answers with the product's card, its page and its description. */
export async function viewProduct(ctx: FlowContext, productId: string): Promise<BotReply[]> {
  const product = await ctx.store.products.get(productId);
  if (product === undefined) return [{ kind: 'text', text: ctx.say('unknownProduct') }];
  await recordInterest(ctx, productId, 'view');
  const text = ctx.say('productDetails', { productTitle: product.title, productPrice: price(ctx, product), productDescription: description(product) });
  return [{ kind: 'products', text, cards: [toCard(ctx, product, 'details')], layout: 'detail' }];
}

/** "Why this?" on a card: the recommender's explanation given when the product was shown. */
export async function explainProduct(ctx: FlowContext, productId: string): Promise<BotReply[]> {
  const product = await ctx.store.products.get(productId);
  if (product === undefined) return [{ kind: 'text', text: ctx.say('unknownProduct') }];
  const reason = ctx.state.shown?.find((s) => s.productId === productId)?.reason.trim();
  if (reason === undefined || reason === '') return [{ kind: 'text', text: ctx.say('productWhyUnknown', { productTitle: product.title }) }];
  const explanation = /^[A-Z][a-z]/.test(reason) ? reason.charAt(0).toLowerCase() + reason.slice(1) : reason;
  return [{ kind: 'text', text: ctx.say('productWhy', { productTitle: product.title, explanation }), suggestedActions: cardButtons(product, 'carousel').slice(0, 2) }];
}
