import type { Order } from '../../core/storage/types.js';
import type { DialogueState } from './conversationMemory.js';
import type { MessageKey } from './flowBook.js';
import { isGuest, type FlowContext } from './flowContext.js';
import { continueGuestProof, guestLocked, guestLockedReply, guestOrderLookup } from './guestOrders.js';
import { describeOrder, type OrderPurpose } from './orderAnswers.js';
import { orderButtonTitle, orderIdCandidates, orderNumber } from './orderReferences.js';
import { purposeOf, slotFor } from './orderSlots.js';
import { extractEmail, extractOrderNumber } from './textExtraction.js';
import type { BotReply, SuggestedAction, TextReply } from './types.js';

/** Order status, returns, refunds and cancellations: slot filling for the order number, answers from the store. */

const RECENT_ORDERS = 3;
const MAX_SLOT_ATTEMPTS = 2;
const ORDER_EXAMPLE = '536365';

const ASK: Record<OrderPurpose, MessageKey> = { status: 'orderAsk', return: 'returnAsk', refund: 'refundAsk', cancel: 'cancelAsk' };

/** A message the open slot can take without asking the NLU: an order number, or the email a guest's proof needs. */
export function answersOpenSlot(state: DialogueState, text: string): boolean {
  if (state.awaiting === undefined) return false;
  if (state.awaiting === 'order_proof') return extractEmail(text) !== undefined || extractOrderNumber(text) !== undefined;
  return extractOrderNumber(text) !== undefined;
}

async function recentOrders(ctx: FlowContext): Promise<Order[]> {
  if (ctx.customer === undefined) return [];
  return (await ctx.store.orders.listByCustomer(ctx.customer.id, { limit: RECENT_ORDERS })).items;
}

function orderActions(ctx: FlowContext, orders: Order[]): SuggestedAction[] {
  return orders.map((o) => ({ title: orderButtonTitle(o, ctx.format), postback: { action: 'order', orderId: o.id } }));
}

/** `lead`, then the recent orders to pick from when there are any. */
async function withRecentOrders(ctx: FlowContext, lead: string): Promise<TextReply> {
  const orders = await recentOrders(ctx);
  if (orders.length === 0) return { kind: 'text', text: lead };
  return { kind: 'text', text: `${lead} ${ctx.say('pickRecentOrder')}`, suggestedActions: orderActions(ctx, orders) };
}

/** The customer's own order for a typed number ("581180" finds `uci-581180`); another customer's order is not found. */
async function findOwnOrder(ctx: FlowContext, typed: string): Promise<Order | undefined> {
  const customerId = ctx.customer?.id;
  if (customerId === undefined) return undefined;
  for (const id of orderIdCandidates(typed)) {
    const order = await ctx.store.orders.get(id);
    if (order?.customerId === customerId) return order;
  }
  return undefined;
}

async function answerForOrderNumber(ctx: FlowContext, purpose: OrderPurpose, typed: string, text: string): Promise<BotReply[]> {
  ctx.state.awaiting = undefined;
  ctx.state.slotAttempts = 0;
  if (isGuest(ctx)) return guestOrderLookup(ctx, purpose, typed, text);
  const order = await findOwnOrder(ctx, typed);
  if (order === undefined) return [await withRecentOrders(ctx, ctx.say('orderNotFound', { orderNumber: orderNumber({ id: typed }) }))];
  return describeOrder(ctx, order, purpose);
}

/** Answers about the order number found in the text, or asks for it (multi-turn). */
export async function handleOrderRequest(ctx: FlowContext, purpose: OrderPurpose, text: string): Promise<BotReply[]> {
  if (isGuest(ctx) && guestLocked(ctx)) return guestLockedReply(ctx);
  const typed = extractOrderNumber(text);
  if (typed !== undefined) return answerForOrderNumber(ctx, purpose, typed, text);
  ctx.state.awaiting = slotFor(purpose);
  ctx.state.slotAttempts = 0;
  const ask = ctx.say(ASK[purpose]);
  if (isGuest(ctx)) return [{ kind: 'text', text: `${ask} ${ctx.say('orderAskGuest')}` }];
  const reply = await withRecentOrders(ctx, ask);
  return [reply.suggestedActions === undefined ? { kind: 'text', text: `${ask} ${ctx.say('orderAskNumber')}` } : reply];
}

/** A click on an order button: answers for the slot the customer was in (status when none). */
export function orderPostback(ctx: FlowContext, orderId: string): Promise<BotReply[]> {
  const purpose = purposeOf(ctx.state.awaiting === 'order_proof' ? ctx.state.guest?.pendingSlot : ctx.state.awaiting);
  return answerForOrderNumber(ctx, purpose, orderId, '');
}

/**
 * A message while the bot waits for an order number (or a guest's proof): take it, re-ask once when it is not one,
 * then give up so the customer is never stuck in the slot. Returns undefined to let normal routing handle it.
 */
export async function continueOrderSlot(ctx: FlowContext, text: string): Promise<BotReply[] | undefined> {
  if (ctx.state.awaiting === 'order_proof') return continueGuestProof(ctx, text, MAX_SLOT_ATTEMPTS);
  const purpose = purposeOf(ctx.state.awaiting);
  const typed = extractOrderNumber(text);
  if (typed !== undefined) return answerForOrderNumber(ctx, purpose, typed, text);
  ctx.state.slotAttempts += 1;
  if (ctx.state.slotAttempts >= MAX_SLOT_ATTEMPTS) {
    ctx.state.awaiting = undefined;
    ctx.state.slotAttempts = 0;
    return undefined;
  }
  return [await withRecentOrders(ctx, ctx.say('orderInvalid', { example: ORDER_EXAMPLE }))];
}
