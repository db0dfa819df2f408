import type { Order } from '../../core/storage/types.js';
import type { GuestOrderState } from './conversationMemory.js';
import { addConversationTag } from './conversationTags.js';
import type { FlowContext } from './flowContext.js';
import { describeOrder, type OrderPurpose } from './orderAnswers.js';
import { purposeOf, slotFor } from './orderSlots.js';
import { findOrderByNumber, orderNumber } from './orderReferences.js';
import { extractEmail, extractOrderNumber } from './textExtraction.js';
import type { BotReply } from './types.js';

/**
 * Order lookups for guests (no verified customer): an order is shown only with proof that it is theirs, the order
 * number plus the email address of the order's customer. An unknown number and a wrong email get the same answer,
 * so the bot never confirms that an order exists; the email is never repeated back. After
 * `policy.guestProofAttempts` failed proofs the conversation looks up no more orders, is tagged for the team, and a
 * person is offered.
 */

export const PROOF_FAILED_TAG = 'guest-proof-failed';
const MAX_PROVEN = 20;

function guestState(ctx: FlowContext): GuestOrderState {
  ctx.state.guest ??= { failedProofs: 0, provenOrders: [] };
  return ctx.state.guest;
}

export function guestLocked(ctx: FlowContext): boolean {
  return (ctx.state.guest?.failedProofs ?? 0) >= ctx.book.policy.guestProofAttempts;
}

export function guestLockedReply(ctx: FlowContext): BotReply[] {
  ctx.state.awaiting = undefined;
  const person = { title: ctx.book.intents.contact_human_agent.label, postback: { action: 'intent' as const, intent: 'contact_human_agent' } };
  return [{ kind: 'text', text: ctx.say('guestProofLocked'), suggestedActions: [person] }];
}

const normalised = (email: string): string => email.trim().toLowerCase();

async function proves(ctx: FlowContext, order: Order | undefined, email: string): Promise<boolean> {
  if (order === undefined) return false;
  const owner = await ctx.store.customers.get(order.customerId);
  return owner?.email !== undefined && normalised(owner.email) === normalised(email);
}

async function checkProof(ctx: FlowContext, purpose: OrderPurpose, typed: string, email: string): Promise<BotReply[]> {
  const guest = guestState(ctx);
  const order = await findOrderByNumber(ctx.store, typed);
  if (order !== undefined && (await proves(ctx, order, email))) {
    ctx.state.awaiting = undefined;
    delete guest.pendingOrder;
    delete guest.pendingSlot;
    guest.provenOrders = [...guest.provenOrders.filter((id) => id !== order.id), order.id].slice(-MAX_PROVEN);
    return describeOrder(ctx, order, purpose);
  }
  guest.failedProofs += 1;
  if (guestLocked(ctx)) {
    await addConversationTag(ctx.store, ctx.logger, ctx.input.conversationId, PROOF_FAILED_TAG, ctx.now);
    return guestLockedReply(ctx);
  }
  // Still waiting for a proof of the same order: the next message may be the right email.
  ctx.state.awaiting = 'order_proof';
  guest.pendingOrder = typed;
  guest.pendingSlot = slotFor(purpose);
  const left = ctx.book.policy.guestProofAttempts - guest.failedProofs;
  return [{ kind: 'text', text: ctx.say('guestProofFailed', { orderNumber: orderNumber({ id: typed }), triesLeft: left === 1 ? '1 try' : `${left} tries` }) }];
}

/** A guest names an order: answered when proven earlier in the conversation, checked when the proof is in the text, else the proof is asked for. */
export async function guestOrderLookup(ctx: FlowContext, purpose: OrderPurpose, typed: string, text: string): Promise<BotReply[]> {
  if (guestLocked(ctx)) return guestLockedReply(ctx);
  const guest = guestState(ctx);
  const order = await findOrderByNumber(ctx.store, typed);
  if (order !== undefined && guest.provenOrders.includes(order.id)) return describeOrder(ctx, order, purpose);
  const email = extractEmail(text);
  if (email !== undefined) return checkProof(ctx, purpose, typed, email);
  ctx.state.awaiting = 'order_proof';
  ctx.state.slotAttempts = 0;
  guest.pendingOrder = typed;
  guest.pendingSlot = slotFor(purpose);
  return [{ kind: 'text', text: ctx.say('guestProofAsk', { orderNumber: orderNumber({ id: typed }) }) }];
}

/** A message while a guest's proof is awaited; undefined hands the message back to normal routing. */
export async function continueGuestProof(ctx: FlowContext, text: string, maxAttempts: number): Promise<BotReply[] | undefined> {
  const guest = guestState(ctx);
  const purpose = purposeOf(guest.pendingSlot);
  const typed = extractOrderNumber(text) ?? guest.pendingOrder;
  const email = extractEmail(text);
  if (typed !== undefined && email !== undefined) return checkProof(ctx, purpose, typed, email);
  if (typed !== undefined && typed !== guest.pendingOrder) return guestOrderLookup(ctx, purpose, typed, text);
  ctx.state.slotAttempts += 1;
  if (typed === undefined || ctx.state.slotAttempts >= maxAttempts) {
    ctx.state.awaiting = undefined;
    ctx.state.slotAttempts = 0;
    return undefined;
  }
  return [{ kind: 'text', text: ctx.say('guestProofMissing', { orderNumber: orderNumber({ id: typed }) }) }];
}
