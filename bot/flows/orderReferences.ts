import type { Order, Product } from '../../core/storage/types.js';
import type { BotStore } from '../ports.js';
import type { ShopFormat } from './shopFormat.js';

/**
 * How orders are named to shoppers. Store ids may carry the prefix an importer added to keep sources apart
 * (`uci-581180` for UCI invoice 581180, `demo-…` for the demo's synthetic orders); the shopper's order number is the
 * shop's own number without it. Ids without such a prefix (`ORD-1042`, `536365`) are the order number as they are.
 */
export const IMPORTER_ORDER_PREFIXES = ['uci-', 'demo-'] as const;

function strippedPrefix(id: string): string | undefined {
  const lower = id.toLowerCase();
  const prefix = IMPORTER_ORDER_PREFIXES.find((p) => lower.startsWith(p) && id.length > p.length);
  return prefix === undefined ? undefined : id.slice(prefix.length);
}

/** The number a shopper knows the order by: "581180" for `uci-581180`. */
export function orderNumber(order: Pick<Order, 'id'>): string {
  return strippedPrefix(order.id) ?? order.id;
}

/** Store ids a typed order number may stand for, most literal first: "581180" → 581180, uci-581180, demo-581180. */
export function orderIdCandidates(typed: string): string[] {
  const number = strippedPrefix(typed) ?? typed;
  return [...new Set([typed, number, ...IMPORTER_ORDER_PREFIXES.map((p) => `${p}${number}`)])];
}

/** The first order among the typed number's candidates, or undefined. */
export async function findOrderByNumber(store: BotStore, typed: string): Promise<Order | undefined> {
  for (const id of orderIdCandidates(typed)) {
    const order = await store.orders.get(id);
    if (order !== undefined) return order;
  }
  return undefined;
}

const NAMED_LINES = 2;

/** "white hanging heart T-light holder": catalogue titles read as part of a sentence. */
function inSentence(title: string): string {
  const first = title.split(/\s+/, 1)[0] ?? '';
  const acronym = first.length > 1 && first === first.toUpperCase();
  return acronym ? title : title.charAt(0).toLowerCase() + title.slice(1);
}

/** "3 items: 2 × lantern, candle set", "664 items: 8 × cake stand, 32 × lunch bag and 12 other products". */
export function itemSummary(order: Pick<Order, 'lines'>, titles: ReadonlyMap<string, string>): string {
  const pieces = order.lines.reduce((n, l) => n + l.quantity, 0);
  const named = order.lines.slice(0, NAMED_LINES).map((line) => {
    const title = inSentence(titles.get(line.productId) ?? `product ${line.productId}`);
    return line.quantity > 1 ? `${line.quantity} × ${title}` : title;
  });
  const others = order.lines.length - named.length;
  const list = others > 0 ? `${named.join(', ')} and ${others} other product${others === 1 ? '' : 's'}` : named.join(', ');
  return `${pieces} item${pieces === 1 ? '' : 's'}: ${list}`;
}

/** Titles of the products an item summary names (unknown products are left out). */
export async function lineTitles(store: BotStore, order: Pick<Order, 'lines'>): Promise<Map<string, string>> {
  const ids = order.lines.slice(0, NAMED_LINES).map((l) => l.productId);
  const products: Product[] = await store.products.getMany(ids);
  return new Map(products.map((p) => [p.id, p.title]));
}

export function orderTotal(order: Pick<Order, 'lines' | 'currency'>, format: ShopFormat): string {
  const cents = order.lines.reduce((sum, l) => sum + Math.round(l.unitPrice * 100) * l.quantity, 0);
  return format.money(cents / 100, order.currency);
}

/** "581180 · 9 Dec 2011": a button title for the order. */
export function orderButtonTitle(order: Pick<Order, 'id' | 'placedAt'>, format: ShopFormat): string {
  return `${orderNumber(order)} · ${format.shortDate(order.placedAt)}`;
}
