/** Per-conversation dialogue state the flows need between turns (slots, streaks). Bounded in size. */

export type AwaitedSlot = 'order_number' | 'return_order_number' | 'refund_order_number' | 'cancel_order_number' | 'order_proof';

/** A guest proving that an order is theirs (order number plus the order's email). Plain data: it may be persisted. */
export interface GuestOrderState {
  /** The order number waiting for its proof (while `awaiting` is 'order_proof'). */
  pendingOrder?: string;
  /** What the guest wanted to know about it: the slot they were in. */
  pendingSlot?: Exclude<AwaitedSlot, 'order_proof'>;
  failedProofs: number;
  /** Store ids of the orders proven in this conversation. */
  provenOrders: string[];
}

/** A product shown in this conversation with the recommender's explanation ("Why this?"). */
export interface ShownProduct {
  productId: string;
  reason: string;
}

export interface DialogueState {
  awaiting?: AwaitedSlot;
  slotAttempts: number;
  negativeStreak: number;
  fallbackStreak: number;
  turns: number;
  guest?: GuestOrderState;
  /** Most recent last, bounded (bot/flows/productFlows.ts). */
  shown?: ShownProduct[];
  /** Products a guest looked at or clicked, most recent last, bounded: their session's taste. */
  viewed?: string[];
}

export class ConversationMemory {
  private readonly states = new Map<string, DialogueState>();

  constructor(private readonly maxConversations = 10_000) {}

  get(conversationId: string): DialogueState {
    let state = this.states.get(conversationId);
    if (state === undefined) {
      state = { slotAttempts: 0, negativeStreak: 0, fallbackStreak: 0, turns: 0 };
      if (this.states.size >= this.maxConversations) {
        const oldest = this.states.keys().next().value;
        if (oldest !== undefined) this.states.delete(oldest);
      }
    } else {
      this.states.delete(conversationId); // re-insert: most recently used last
    }
    this.states.set(conversationId, state);
    return state;
  }

  forget(conversationId: string): void {
    this.states.delete(conversationId);
  }
}
