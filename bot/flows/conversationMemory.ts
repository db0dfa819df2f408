/** Per-conversation dialogue state the flows need between turns (slots, streaks). Bounded in size. */

export type AwaitedSlot = 'order_number' | 'return_order_number';

export interface DialogueState {
  awaiting?: AwaitedSlot;
  slotAttempts: number;
  negativeStreak: number;
  fallbackStreak: number;
  turns: number;
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
