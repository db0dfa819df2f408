import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { NotFoundError } from '../../core/errors.js';

/** A Direct Line activity set as the client sees it. */
export interface ActivitySet {
  activities: Partial<Activity>[];
  watermark: string;
}

type Listener = (set: ActivitySet) => void;

interface HubConversation {
  id: string;
  userId: string | undefined;
  started: boolean;
  activities: Partial<Activity>[];
  /** Sequence number of activities[0] (older ones were dropped). */
  offset: number;
  listeners: Set<Listener>;
}

/**
 * In-memory Direct Line conversations: ordered activity log per conversation with watermarks, and
 * subscribers (WebSocket streams). Bounded: old activities and least recently used conversations are dropped.
 */
export class ConversationHub {
  private readonly conversations = new Map<string, HubConversation>();

  constructor(private readonly limits = { maxConversations: 10_000, maxActivitiesPerConversation: 500 }) {}

  create(userId?: string): string {
    const id = randomUUID().replace(/-/g, '');
    if (this.conversations.size >= this.limits.maxConversations) {
      const oldest = this.conversations.keys().next().value;
      if (oldest !== undefined) this.conversations.delete(oldest);
    }
    this.conversations.set(id, { id, userId, started: false, activities: [], offset: 0, listeners: new Set() });
    return id;
  }

  has(id: string): boolean {
    return this.conversations.has(id);
  }

  /** Marks the conversation started; returns true the first time only. */
  start(id: string): boolean {
    const conversation = this.require(id);
    if (conversation.started) return false;
    conversation.started = true;
    return true;
  }

  userOf(id: string): string | undefined {
    return this.require(id).userId;
  }

  /** Appends an activity, giving it its Direct Line id (`conversationId|0000001`); pushes it to listeners. */
  append(id: string, activity: Partial<Activity>): string {
    const conversation = this.require(id);
    this.conversations.delete(id);
    this.conversations.set(id, conversation); // most recently used last
    const sequence = conversation.offset + conversation.activities.length;
    const stored: Partial<Activity> = { ...activity, id: `${id}|${String(sequence).padStart(7, '0')}` };
    if (stored.timestamp === undefined) stored.timestamp = new Date();
    conversation.activities.push(stored);
    if (conversation.activities.length > this.limits.maxActivitiesPerConversation) {
      conversation.activities.shift();
      conversation.offset += 1;
    }
    const set: ActivitySet = { activities: [stored], watermark: String(sequence + 1) };
    for (const listener of conversation.listeners) listener(set);
    return stored.id as string;
  }

  /** Activities after `watermark` (a count of activities already seen). */
  activitiesAfter(id: string, watermark: string | undefined): ActivitySet {
    const conversation = this.require(id);
    const total = conversation.offset + conversation.activities.length;
    const seen = watermark === undefined || watermark === '' ? 0 : Number.parseInt(watermark, 10);
    const from = Number.isFinite(seen) ? Math.max(0, Math.min(seen, total) - conversation.offset) : 0;
    return { activities: conversation.activities.slice(from), watermark: String(total) };
  }

  subscribe(id: string, listener: Listener): () => void {
    const conversation = this.require(id);
    conversation.listeners.add(listener);
    return () => conversation.listeners.delete(listener);
  }

  private require(id: string): HubConversation {
    const conversation = this.conversations.get(id);
    if (conversation === undefined) throw new NotFoundError(`conversation ${id} not found`);
    return conversation;
  }
}
