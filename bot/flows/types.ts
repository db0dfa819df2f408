import type { NluAnnotation } from '../../core/storage/types.js';

/**
 * Channel-neutral turn model. Flow logic takes a TurnInput and returns BotReply[]; only the adapter layer
 * (bot/adapter) knows Bot Framework activities.
 */

export type Postback =
  | { action: 'intent'; intent: string }
  | { action: 'more_like'; productId: string }
  | { action: 'view'; productId: string }
  | { action: 'why'; productId: string }
  | { action: 'order'; orderId: string };

export interface TurnInput {
  kind: 'message' | 'conversationStart';
  conversationId: string;
  channelId: string;
  customerId?: string;
  text?: string;
  postback?: Postback;
}

export interface SuggestedAction {
  /** What the shopper reads; ids belong in the postback, never here. */
  title: string;
  /** When set, clicking sends this postback instead of the title text. */
  postback?: Postback;
  /** When set (and no postback), clicking opens this page. */
  url?: string;
}

export interface ProductCardModel {
  productId: string;
  title: string;
  /** Price and availability. */
  subtitle: string;
  /** The description, or '' when it would only repeat the title. */
  text: string;
  imageUrl?: string;
  /** The product page: opened by a tap on the card. */
  url?: string;
  buttons: SuggestedAction[];
}

export type HandoffReason = 'requested' | 'negative_sentiment' | 'repeated_fallback';

export interface TextReply {
  kind: 'text';
  text: string;
  suggestedActions?: SuggestedAction[];
}

export type BotReply =
  | TextReply
  /** `detail`: one product shown on its own (a compact card with a small picture) rather than a carousel. */
  | { kind: 'products'; text: string; cards: ProductCardModel[]; layout?: 'carousel' | 'detail' }
  | { kind: 'handoff'; reason: HandoffReason; customerId?: string };

export interface TurnOutcome {
  replies: BotReply[];
  /** NLU annotation of the customer's message, stored with the transcript. */
  annotation?: NluAnnotation;
  /** What the turn did, for logs and dialogue tests (e.g. 'order_status', 'fallback', 'handoff'). */
  action: string;
}
