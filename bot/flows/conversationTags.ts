import type { Logger } from '../../core/logger.js';
import type { BotStore } from '../ports.js';

/** Adds a tag to the stored conversation once; a store failure is logged and never breaks the turn. */
export async function addConversationTag(store: BotStore, logger: Logger, conversationId: string, tag: string, now: Date): Promise<void> {
  try {
    const current = await store.conversations.get(conversationId);
    if (current === undefined || current.tags.includes(tag)) return;
    await store.conversations.update(conversationId, { tags: [...current.tags, tag], updatedAt: now });
  } catch (error) {
    logger.warn({ err: error, conversationId, tag }, 'could not tag conversation');
  }
}
