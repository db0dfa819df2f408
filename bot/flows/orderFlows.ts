import type { Order } from '../../core/storage/types.js';
import type { FlowContext } from './flowContext.js';
import { extractOrderNumber } from './textExtraction.js';
import type { BotReply, SuggestedAction } from './types.js';

/** Order tracking and returns: slot filling for the order number, answers from the store. */

const RECENT_ORDERS = 3;
const MAX_SLOT_ATTEMPTS = 2;
export const RETURN_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

type OrderPurpose = 'status' | 'return';

async function recentOrderActions(ctx: FlowContext): Promise<SuggestedAction[]> {
  const customerId = ctx.input.customerId;
  if (customerId === undefined) return [];
  const page = await ctx.store.orders.listByCustomer(customerId, { limit: RECENT_ORDERS });
  return page.items.map((o) => ({ title: o.id }));
}

const OWN_ORDERS_SCANNED = 200;

async function findCustomersOrder(ctx: FlowContext, orderId: string): Promise<Order | undefined> {
  const customerId = ctx.input.customerId;
  const order = await ctx.store.orders.get(orderId);
  // Another customer's order is answered like an unknown one: no data leaks across customers.
  if (order !== undefined) return customerId !== undefined && order.customerId !== customerId ? undefined : order;
  if (customerId === undefined) return undefined;
  // Customers type numbers without the shop's prefix or case ("581180" for "uci-581180"): match their own orders.
  const typed = orderId.toLowerCase();
  const own = await ctx.store.orders.listByCustomer(customerId, { limit: OWN_ORDERS_SCANNED });
  return own.items.find((o) => {
    const id = o.id.toLowerCase();
    return id === typed || id.endsWith(`-${typed}`) || id.endsWith(`#${typed}`);
  });
}

function describeOrder(ctx: FlowContext, order: Order): BotReply[] {
  const values = {
    orderId: order.id,
    status: order.status,
    placedAt: order.placedAt.toISOString().slice(0, 10),
    itemCount: order.lines.reduce((n, l) => n + l.quantity, 0),
    trackingNumber: order.trackingNumber,
  };
  const replies: BotReply[] = [{ kind: 'text', text: ctx.say('orderStatus', values) }];
  if (order.trackingNumber !== undefined && order.status === 'shipped') replies.push({ kind: 'text', text: ctx.say('orderTracking', values) });
  return replies;
}

function describeReturn(ctx: FlowContext, order: Order, now: Date): BotReply[] {
  const deliveredAt = order.deliveredAt ?? (order.status === 'delivered' ? order.updatedAt : undefined);
  const eligible = deliveredAt !== undefined && now.getTime() - deliveredAt.getTime() <= RETURN_WINDOW_DAYS * DAY_MS;
  const values = { orderId: order.id, status: order.status };
  return [{ kind: 'text', text: ctx.say(eligible ? 'returnEligible' : 'returnNotEligible', values) }];
}

/** Answers about one order number found in the text, or asks for it (multi-turn). */
export async function handleOrderRequest(ctx: FlowContext, purpose: OrderPurpose, text: string, now: Date): Promise<BotReply[]> {
  const orderId = extractOrderNumber(text);
  if (orderId === undefined) {
    ctx.state.awaiting = purpose === 'status' ? 'order_number' : 'return_order_number';
    ctx.state.slotAttempts = 0;
    const suggestedActions = await recentOrderActions(ctx);
    const key = purpose === 'return' ? 'returnAsk' : ctx.input.customerId === undefined ? 'orderAskAnonymous' : 'orderAsk';
    return [{ kind: 'text', text: ctx.say(key), suggestedActions }];
  }
  return answerForOrderNumber(ctx, purpose, orderId, now);
}

async function answerForOrderNumber(ctx: FlowContext, purpose: OrderPurpose, orderId: string, now: Date): Promise<BotReply[]> {
  ctx.state.awaiting = undefined;
  ctx.state.slotAttempts = 0;
  const order = await findCustomersOrder(ctx, orderId);
  if (order === undefined) {
    return [{ kind: 'text', text: ctx.say('orderNotFound', { orderId }), suggestedActions: await recentOrderActions(ctx) }];
  }
  return purpose === 'status' ? describeOrder(ctx, order) : describeReturn(ctx, order, now);
}

/**
 * A message while the bot waits for an order number: take the number, re-ask once when it is not one,
 * then give up so the customer is never stuck in the slot. Returns undefined to let normal routing handle it.
 */
export async function continueOrderSlot(ctx: FlowContext, text: string, now: Date): Promise<BotReply[] | undefined> {
  const purpose: OrderPurpose = ctx.state.awaiting === 'return_order_number' ? 'return' : 'status';
  const orderId = extractOrderNumber(text);
  if (orderId !== undefined) return answerForOrderNumber(ctx, purpose, orderId, now);
  ctx.state.slotAttempts += 1;
  if (ctx.state.slotAttempts >= MAX_SLOT_ATTEMPTS) {
    ctx.state.awaiting = undefined;
    ctx.state.slotAttempts = 0;
    return undefined;
  }
  return [{ kind: 'text', text: ctx.say('orderInvalid', { example: '536365' }), suggestedActions: await recentOrderActions(ctx) }];
}
