import type { AwaitedSlot } from './conversationMemory.js';
import type { OrderPurpose } from './orderAnswers.js';

/** Which order number the bot is waiting for, by what the customer wants to know about the order. */

export type OrderSlot = Exclude<AwaitedSlot, 'order_proof'>;

const SLOT: Record<OrderPurpose, OrderSlot> = { status: 'order_number', return: 'return_order_number', refund: 'refund_order_number', cancel: 'cancel_order_number' };

export function slotFor(purpose: OrderPurpose): OrderSlot {
  return SLOT[purpose];
}

export function purposeOf(slot: AwaitedSlot | undefined): OrderPurpose {
  return (Object.keys(SLOT) as OrderPurpose[]).find((p) => SLOT[p] === slot) ?? 'status';
}
