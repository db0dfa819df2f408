import type { Order } from '../../core/storage/types.js';
import type { MessageKey } from './flowBook.js';
import type { FlowContext } from './flowContext.js';
import { itemSummary, lineTitles, orderNumber, orderTotal } from './orderReferences.js';
import { addBusinessDays, addDays } from './shopFormat.js';
import type { TemplateValues } from './templates.js';
import type { BotReply, SuggestedAction } from './types.js';

/**
 * Status, return, refund and cancellation answers computed from one order's status and dates against the policy
 * (flows.yml `policy:`), so every answer states the real reason: until when, since when, what happens next.
 */

export type OrderPurpose = 'status' | 'return' | 'refund' | 'cancel';

/** Where an order stands, as far as the shopper's options go. */
type OrderStage = 'notShipped' | 'inTransit' | 'returnable' | 'tooLate' | 'returned' | 'cancelled';

const ANSWERS: Record<OrderPurpose, Record<OrderStage, MessageKey>> = {
  status: {
    notShipped: 'orderStatusPlaced', inTransit: 'orderStatusShipped', returnable: 'orderStatusDelivered',
    tooLate: 'orderStatusDelivered', returned: 'orderStatusReturned', cancelled: 'orderStatusCancelled',
  },
  return: {
    notShipped: 'returnNotShipped', inTransit: 'returnInTransit', returnable: 'returnEligible',
    tooLate: 'returnTooLate', returned: 'returnAlreadyReturned', cancelled: 'returnCancelled',
  },
  refund: {
    notShipped: 'refundNotDelivered', inTransit: 'refundNotDelivered', returnable: 'refundNotReturned',
    tooLate: 'refundWindowClosed', returned: 'refundReturned', cancelled: 'refundCancelled',
  },
  cancel: {
    notShipped: 'cancelPossible', inTransit: 'cancelShipped', returnable: 'cancelDelivered',
    tooLate: 'returnTooLate', returned: 'returnAlreadyReturned', cancelled: 'cancelAlready',
  },
};

/** Answers that end with the shopper stuck get a person offered. */
const OFFER_PERSON = new Set<MessageKey>(['returnTooLate', 'refundLate']);

interface OrderFacts {
  stage: OrderStage;
  deliveredAt?: Date;
  returnBy?: Date;
  refundBy?: Date;
}

function facts(order: Order, ctx: FlowContext): OrderFacts {
  const { returnWindowDays, refundBusinessDays } = ctx.book.policy;
  // Without a delivery date a delivered order's last update is the best known delivery date.
  const deliveredAt = order.deliveredAt ?? (order.status === 'delivered' ? order.updatedAt : undefined);
  const returnBy = deliveredAt === undefined ? undefined : addDays(deliveredAt, returnWindowDays);
  const base = { ...(deliveredAt === undefined ? {} : { deliveredAt }), ...(returnBy === undefined ? {} : { returnBy }) };
  switch (order.status) {
    case 'placed':
      return { ...base, stage: 'notShipped' };
    case 'shipped':
      return { ...base, stage: 'inTransit' };
    case 'delivered':
      return { ...base, stage: returnBy !== undefined && ctx.now.getTime() <= returnBy.getTime() ? 'returnable' : 'tooLate' };
    case 'returned':
    case 'cancelled':
      // The last update of a returned or cancelled order is when the return arrived or the order was cancelled.
      return { ...base, stage: order.status, refundBy: addBusinessDays(order.updatedAt, refundBusinessDays) };
  }
}

async function values(ctx: FlowContext, order: Order, known: OrderFacts): Promise<TemplateValues> {
  const date = (d: Date | undefined): string | undefined => (d === undefined ? undefined : ctx.format.date(d));
  const shippedAt = order.shippedAt ?? (order.status === 'shipped' ? order.updatedAt : undefined);
  const statusOn = { placed: order.placedAt, shipped: shippedAt, delivered: known.deliveredAt, returned: order.updatedAt, cancelled: order.updatedAt }[order.status];
  const entries: Array<[keyof TemplateValues, string | undefined]> = [
    ['orderNumber', orderNumber(order)],
    ['itemSummary', itemSummary(order, await lineTitles(ctx.store, order))],
    ['placedOn', date(order.placedAt)],
    ['shippedOn', date(shippedAt)],
    ['deliveredOn', date(known.deliveredAt)],
    ['statusOn', date(statusOn)],
    ['returnBy', date(known.returnBy)],
    ['refundBy', date(known.refundBy)],
    ['orderTotal', orderTotal(order, ctx.format)],
    ['trackingNumber', order.trackingNumber],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

function personAction(ctx: FlowContext): SuggestedAction {
  return { title: ctx.book.intents.contact_human_agent.label, postback: { action: 'intent', intent: 'contact_human_agent' } };
}

/** The answer about one order the shopper may see. */
export async function describeOrder(ctx: FlowContext, order: Order, purpose: OrderPurpose): Promise<BotReply[]> {
  const known = facts(order, ctx);
  let key = ANSWERS[purpose][known.stage];
  if (key === 'refundReturned' && known.refundBy !== undefined && ctx.now.getTime() > known.refundBy.getTime()) key = 'refundLate';
  const filled = await values(ctx, order, known);
  const reply: BotReply = { kind: 'text', text: ctx.say(key, filled) };
  if (OFFER_PERSON.has(key)) reply.suggestedActions = [personAction(ctx)];
  const replies: BotReply[] = [reply];
  if (purpose === 'status' && known.stage === 'inTransit' && order.trackingNumber !== undefined) {
    replies.push({ kind: 'text', text: ctx.say('orderTracking', filled) });
  }
  return replies;
}
