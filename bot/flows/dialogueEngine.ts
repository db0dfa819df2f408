import type { Logger } from '../../core/logger.js';
import type { Conversation, Customer, NluAnnotation } from '../../core/storage/types.js';
import type { NluResult } from '../../nlu/types.js';
import type { BotStore, NluService, Recommendations } from '../ports.js';
import { ConversationMemory } from './conversationMemory.js';
import { addConversationTag } from './conversationTags.js';
import type { FlowAction, FlowBook, MessageKey } from './flowBook.js';
import { createFlowContext, randomVariant, type FlowContext, type VariantPicker } from './flowContext.js';
import { isBotIntent } from './intents.js';
import type { OrderPurpose } from './orderAnswers.js';
import { answersOpenSlot, continueOrderSlot, handleOrderRequest, orderPostback } from './orderFlows.js';
import { explainProduct, moreLikeThis, recommendProducts, viewProduct } from './productFlows.js';
import { extractOrderNumber } from './textExtraction.js';
import type { BotReply, HandoffReason, TurnInput, TurnOutcome } from './types.js';

export interface DialogueLimits {
  maxMessageChars: number;
  handoffNegativeTurns: number;
  handoffFallbackTurns: number;
}

export interface DialogueEngineOptions {
  flows: () => FlowBook;
  nlu: NluService;
  recommendations: Recommendations;
  store: BotStore;
  logger: Logger;
  limits: DialogueLimits;
  pickVariant?: VariantPicker;
  now?: () => Date;
}

const FALLBACK_CANDIDATES = 3;
const SLOT_FRIENDLY_INTENTS = new Set(['track_order', 'return_item', 'get_refund', 'track_refund', 'cancel_order', 'affirm', 'deny']);
const ORDER_PURPOSE = { order_status: 'status', start_return: 'return', refund_status: 'refund', cancel_order: 'cancel' } as const satisfies Partial<Record<FlowAction, OrderPurpose>>;
const isOrderAction = (action: FlowAction): action is keyof typeof ORDER_PURPOSE => action in ORDER_PURPOSE;
export const REVIEW_TAG = 'needs-review';

/** "Alice Martin" → "Alice"; a name with digits is an importer's placeholder ("Customer 12347"), not a name: undefined. */
export function greetingName(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  if (trimmed === undefined || trimmed === '' || /\d/.test(trimmed)) return undefined;
  return trimmed.split(/\s+/)[0];
}

/** The flow logic: one customer turn in, replies out. Knows nothing about Bot Framework. */
export class DialogueEngine {
  private readonly memory = new ConversationMemory();
  private readonly pick: VariantPicker;
  private readonly now: () => Date;

  constructor(private readonly options: DialogueEngineOptions) {
    this.pick = options.pickVariant ?? randomVariant;
    this.now = options.now ?? (() => new Date());
  }

  async handleTurn(input: TurnInput): Promise<TurnOutcome> {
    const conversation = await this.ensureConversation(input);
    const ctx = await this.context(input);
    if (input.kind === 'conversationStart') {
      return this.outcome('welcome', [{ kind: 'text', text: ctx.say('welcome'), suggestedActions: ctx.book.welcomeSuggestions.map((title) => ({ title })) }]);
    }
    if (conversation !== undefined && conversation.status !== 'bot' && conversation.status !== 'closed') {
      return this.outcome('paused', []); // a human owns the conversation: the message is only logged
    }
    ctx.state.turns += 1;
    const postback = input.postback;
    if (postback !== undefined) {
      ctx.state.fallbackStreak = 0;
      if (postback.action === 'more_like') return this.outcome('more_like_this', await moreLikeThis(ctx, postback.productId));
      if (postback.action === 'view') return this.outcome('view_product', await viewProduct(ctx, postback.productId));
      if (postback.action === 'why') return this.outcome('why_product', await explainProduct(ctx, postback.productId));
      if (postback.action === 'order') return this.outcome('order_pick', await orderPostback(ctx, postback.orderId));
      if (isBotIntent(postback.intent)) {
        const annotation: NluAnnotation = { intent: postback.intent, confidence: 1, outOfScope: false };
        return this.routeIntent(ctx, postback.intent, input.text ?? '', annotation, []);
      }
    }
    const text = (input.text ?? '').trim();
    if (text === '') return this.outcome('empty', [{ kind: 'text', text: ctx.say('empty') }]);
    if (text.length > this.options.limits.maxMessageChars) {
      return this.outcome('too_long', [{ kind: 'text', text: ctx.say('tooLong', { maxChars: this.options.limits.maxMessageChars }) }]);
    }
    if (answersOpenSlot(ctx.state, text)) {
      ctx.state.fallbackStreak = 0;
      const replies = (await continueOrderSlot(ctx, text)) ?? [];
      return this.outcome(ctx.state.awaiting === undefined ? 'order_status' : 'order_slot', replies, { intent: 'track_order', confidence: 1 });
    }
    let nlu: NluResult;
    try {
      nlu = await this.options.nlu.understand(text);
    } catch (error) {
      this.options.logger.error({ err: error, conversationId: input.conversationId }, 'NLU failed');
      return this.outcome('nlu_unavailable', [{ kind: 'text', text: ctx.say('unavailable') }]);
    }
    return this.afterNlu(ctx, text, nlu);
  }

  private async afterNlu(ctx: FlowContext, text: string, nlu: NluResult): Promise<TurnOutcome> {
    const { intent, sentiment } = nlu;
    const annotation: NluAnnotation = {
      confidence: intent.confidence,
      outOfScope: intent.outOfScope,
      sentiment: sentiment.label,
      sentimentScore: sentiment.score,
    };
    if (intent.intent !== null) annotation.intent = intent.intent;
    const state = ctx.state;
    const negative = sentiment.upset ?? (sentiment.label === 'negative' && sentiment.score >= ctx.book.negativeSentimentThreshold);
    state.negativeStreak = negative ? state.negativeStreak + 1 : 0;
    if (state.negativeStreak >= this.options.limits.handoffNegativeTurns) {
      return this.handoff(ctx, 'negative_sentiment', 'handoffSentiment', annotation);
    }
    const prefix: BotReply[] = negative ? [{ kind: 'text', text: ctx.say('frustration') }] : [];
    if (state.awaiting !== undefined) {
      if (intent.intent === null || SLOT_FRIENDLY_INTENTS.has(intent.intent)) {
        const slotReplies = await continueOrderSlot(ctx, text);
        if (slotReplies !== undefined) return this.outcome('order_slot', [...prefix, ...slotReplies], annotation);
      } else {
        state.awaiting = undefined;
      }
    }
    if (intent.outOfScope || intent.intent === null || !isBotIntent(intent.intent)) {
      const orderIntent = this.orderIntentRescue(ctx, nlu, text);
      if (orderIntent !== undefined) {
        state.fallbackStreak = 0;
        return this.routeIntent(ctx, orderIntent, text, { ...annotation, intent: orderIntent }, prefix);
      }
      return this.fallback(ctx, nlu, annotation, prefix);
    }
    state.fallbackStreak = 0;
    return this.routeIntent(ctx, intent.intent, text, annotation, prefix);
  }

  private async routeIntent(ctx: FlowContext, intent: string, text: string, annotation: NluAnnotation, prefix: BotReply[]): Promise<TurnOutcome> {
    const flow = isBotIntent(intent) ? ctx.book.intents[intent] : undefined;
    if (flow === undefined) return this.outcome('fallback', [...prefix, { kind: 'text', text: ctx.say('fallback') }], annotation);
    switch (flow.action) {
      case 'recommend':
        return this.outcome('recommend', [...prefix, ...(await recommendProducts(ctx, text, 'recommend'))], annotation);
      case 'search_products':
        return this.outcome('search_products', [...prefix, ...(await recommendProducts(ctx, text, 'search'))], annotation);
      case 'handoff':
        return this.handoff(ctx, 'requested', 'handoff', annotation);
      case 'order_status':
      case 'start_return':
      case 'refund_status':
      case 'cancel_order':
        return this.outcome(flow.action, [...prefix, ...(await handleOrderRequest(ctx, ORDER_PURPOSE[flow.action], text))], annotation);
      case 'answer': {
        const answer = ctx.render(this.pick(flow.answers, `intents.${intent}`));
        const body = flow.followUp === undefined ? answer : `${answer} ${ctx.render(flow.followUp)}`;
        const reply: BotReply = { kind: 'text', text: body, suggestedActions: flow.suggestions.map((title) => ({ title })) };
        return this.outcome(`answer:${intent}`, [...prefix, reply], annotation);
      }
    }
  }

  /**
   * An out-of-scope message that carries an order number and whose best candidate is an order flow (tracking,
   * returns, refunds, cancellation) is routed there: the order number is strong evidence the classifier's threshold missed.
   */
  private orderIntentRescue(ctx: FlowContext, nlu: NluResult, text: string): string | undefined {
    const top = nlu.intent.ranking[0]?.intent;
    if (top === undefined || !isBotIntent(top) || extractOrderNumber(text) === undefined) return undefined;
    return isOrderAction(ctx.book.intents[top].action) ? top : undefined;
  }

  private async fallback(ctx: FlowContext, nlu: NluResult, annotation: NluAnnotation, prefix: BotReply[]): Promise<TurnOutcome> {
    ctx.state.fallbackStreak += 1;
    await this.tagForReview(ctx.input.conversationId);
    if (ctx.state.fallbackStreak >= this.options.limits.handoffFallbackTurns) {
      return this.handoff(ctx, 'repeated_fallback', 'handoffFallback', annotation);
    }
    const suggestedActions = nlu.intent.ranking
      .filter((c) => isBotIntent(c.intent))
      .slice(0, FALLBACK_CANDIDATES)
      .map((c) => ({ title: ctx.book.intents[c.intent as keyof FlowBook['intents']].label, postback: { action: 'intent' as const, intent: c.intent } }));
    const candidates = suggestedActions.map((a) => a.title).join(', ');
    return this.outcome('fallback', [...prefix, { kind: 'text', text: ctx.say('fallback', { candidates }), suggestedActions }], annotation);
  }

  private async handoff(ctx: FlowContext, reason: HandoffReason, message: MessageKey, annotation?: NluAnnotation): Promise<TurnOutcome> {
    ctx.state.negativeStreak = 0;
    ctx.state.fallbackStreak = 0;
    ctx.state.awaiting = undefined;
    try {
      const current = await this.options.store.conversations.get(ctx.input.conversationId);
      const tags = [...new Set([...(current?.tags ?? []), `handoff:${reason}`])];
      await this.options.store.conversations.update(ctx.input.conversationId, { status: 'pending', tags, updatedAt: this.now() });
    } catch (error) {
      this.options.logger.error({ err: error, conversationId: ctx.input.conversationId }, 'could not mark conversation pending');
    }
    const replies: BotReply[] = [{ kind: 'text', text: ctx.say(message) }, { kind: 'handoff', reason }];
    const handoffReply = replies[1];
    if (handoffReply?.kind === 'handoff' && ctx.input.customerId !== undefined) handoffReply.customerId = ctx.input.customerId;
    return this.outcome('handoff', replies, annotation);
  }

  private tagForReview(conversationId: string): Promise<void> {
    return addConversationTag(this.options.store, this.options.logger, conversationId, REVIEW_TAG, this.now());
  }

  private async ensureConversation(input: TurnInput): Promise<Conversation | undefined> {
    const conversations = this.options.store.conversations;
    try {
      const existing = await conversations.get(input.conversationId);
      if (existing !== undefined) return existing;
      const now = this.now();
      const created: Conversation = { id: input.conversationId, channel: input.channelId, status: 'bot', tags: [], createdAt: now, updatedAt: now };
      if (input.customerId !== undefined) created.customerId = input.customerId;
      await conversations.upsert(created);
      return created;
    } catch (error) {
      this.options.logger.error({ err: error, conversationId: input.conversationId }, 'conversation store unavailable');
      return undefined;
    }
  }

  private async context(input: TurnInput): Promise<FlowContext> {
    // A customer id the shop's data does not know (or cannot read now) gets the guest's view: no account data.
    let customer: Customer | undefined;
    if (input.customerId !== undefined) {
      try {
        customer = await this.options.store.customers.get(input.customerId);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'could not read customer');
      }
    }
    return createFlowContext({
      book: this.options.flows(),
      input,
      state: this.memory.get(input.conversationId),
      store: this.options.store,
      recommendations: this.options.recommendations,
      logger: this.options.logger,
      customer,
      customerName: greetingName(customer?.name),
      now: this.now(),
      pick: this.pick,
    });
  }

  private outcome(action: string, replies: BotReply[], annotation?: NluAnnotation): TurnOutcome {
    return annotation === undefined ? { action, replies } : { action, replies, annotation };
  }
}
