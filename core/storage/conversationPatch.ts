import type { Conversation } from './types.js';
import { assertNoProblem, problemInConversation } from './validation.js';

export type ConversationPatch = Partial<Omit<Conversation, 'id' | 'createdAt'>>;

/**
 * The one meaning of `conversations.update` for every adapter: fields present in the patch replace the stored ones;
 * an optional field (customerId, assignedAgent) given as `undefined` is cleared; `updatedAt` defaults to now.
 * `id` and `createdAt` never change. The merged conversation is validated (ValidationError).
 */
export function applyConversationPatch(existing: Conversation, patch: ConversationPatch, now: Date = new Date()): Conversation {
  const merged: Conversation = { ...existing, tags: [...existing.tags], updatedAt: now };
  const has = (key: keyof ConversationPatch): boolean => Object.prototype.hasOwnProperty.call(patch, key);
  if (patch.channel !== undefined) merged.channel = patch.channel;
  if (patch.status !== undefined) merged.status = patch.status;
  if (patch.tags !== undefined) merged.tags = Array.isArray(patch.tags) ? [...patch.tags] : patch.tags;
  if (patch.updatedAt !== undefined) merged.updatedAt = patch.updatedAt;
  if (has('customerId')) {
    if (patch.customerId === undefined) delete merged.customerId;
    else merged.customerId = patch.customerId;
  }
  if (has('assignedAgent')) {
    if (patch.assignedAgent === undefined) delete merged.assignedAgent;
    else merged.assignedAgent = patch.assignedAgent;
  }
  assertNoProblem(problemInConversation(merged), 'conversation update');
  return merged;
}
