import { randomUUID } from 'node:crypto';
import { ActivityTypes, type Activity, type PagedResult, type TranscriptInfo, type TranscriptStore } from 'botbuilder';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ConversationRepository, TranscriptEntry, TranscriptRepository, TranscriptRole } from '../../core/storage/types.js';
import type { TurnAnnotations } from '../adapter/turnAnnotations.js';
import { redactPii, type PiiPolicy } from './redactPii.js';

export interface StoreTranscriptStoreOptions {
  transcripts: TranscriptRepository;
  conversations: ConversationRepository;
  annotations: TurnAnnotations;
  redactPii: boolean;
  /** What redaction removes and keeps; the default policy when undefined. */
  piiPolicy?: PiiPolicy;
  logger: Logger;
}

/** Marks an activity sent by a human agent (set by the agent API). */
export const AGENT_CHANNEL_DATA_KEY = 'csbotAgent';

function roleOf(activity: Partial<Activity>): TranscriptRole {
  const channelData: unknown = activity.channelData;
  if (typeof channelData === 'object' && channelData !== null && AGENT_CHANNEL_DATA_KEY in channelData) return 'agent';
  if (activity.type === ActivityTypes.Event) return 'bot';
  return activity.from?.role === 'user' ? 'customer' : 'bot';
}

/** Longer texts are cut before storage (oversized messages are refused by the flows anyway). */
export const MAX_TRANSCRIPT_TEXT = 8000;

function truncate(text: string): string {
  return text.length <= MAX_TRANSCRIPT_TEXT ? text : `${text.slice(0, MAX_TRANSCRIPT_TEXT)}… [truncated ${text.length - MAX_TRANSCRIPT_TEXT} chars]`;
}

function textOf(activity: Partial<Activity>): string {
  if (activity.type === ActivityTypes.Event) return `[event ${activity.name ?? ''}]`;
  const parts = [activity.text ?? ''];
  for (const attachment of activity.attachments ?? []) {
    const content: unknown = attachment.content;
    const title = typeof content === 'object' && content !== null && 'title' in content ? String(content.title) : attachment.contentType;
    parts.push(`[card ${title}]`);
  }
  return parts.filter((p) => p !== '').join(' ');
}

/**
 * botbuilder's TranscriptStore over our storage port (SQLite or Mongo). logActivity never blocks or throws:
 * entries are queued and written in the background; failures are logged and the turn goes on.
 */
export class StoreTranscriptStore implements TranscriptStore {
  private queue: TranscriptEntry[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly options: StoreTranscriptStoreOptions) {}

  logActivity(activity: Activity): void {
    try {
      if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Event) return;
      const conversationId = activity.conversation?.id;
      if (conversationId === undefined) return;
      const role = roleOf(activity);
      const text = truncate(textOf(activity));
      const entry: TranscriptEntry = {
        id: `${conversationId}:${activity.id ?? randomUUID()}`,
        conversationId,
        role,
        text: this.options.redactPii ? redactPii(text, this.options.piiPolicy) : text,
        timestamp: activity.timestamp === undefined ? new Date() : new Date(activity.timestamp),
      };
      if (activity.id !== undefined) entry.activityId = activity.id;
      if (role === 'customer') {
        const nlu = this.options.annotations.take(conversationId, activity.id);
        if (nlu !== undefined) entry.nlu = nlu;
      }
      this.queue.push(entry);
      this.scheduleFlush();
    } catch (error) {
      this.options.logger.error({ err: error }, 'transcript logging failed');
    }
  }

  /** Resolves when everything queued so far has been written (or has failed and been logged). */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
  }

  private scheduleFlush(): void {
    if (this.flushing !== undefined) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
  }

  private async drain(): Promise<void> {
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.options.transcripts.append(batch);
      } catch (error) {
        this.options.logger.error({ err: error, entries: batch.length }, 'could not store transcript entries');
      }
    }
  }

  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    const page = await this.options.transcripts.list(conversationId, continuationToken === undefined ? {} : { cursor: continuationToken });
    const items = page.items
      .filter((e) => startDate === undefined || e.timestamp >= startDate)
      .map((e) => entryToActivity(channelId, e));
    return { items, continuationToken: page.nextCursor ?? '' };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const page = await this.options.conversations.list(continuationToken === undefined ? {} : { cursor: continuationToken });
    const items = page.items
      .filter((c) => c.channel === channelId)
      .map((c) => ({ channelId: c.channel, id: c.id, created: c.createdAt }));
    return { items, continuationToken: page.nextCursor ?? '' };
  }

  deleteTranscript(): Promise<void> {
    return Promise.reject(new AppError('NOT_IMPLEMENTED', 'transcripts are kept for review; deletion is not supported'));
  }
}

export function entryToActivity(channelId: string, entry: TranscriptEntry): Activity {
  const fromRole = entry.role === 'customer' ? 'user' : 'bot';
  const activity = {
    type: ActivityTypes.Message,
    id: entry.activityId ?? entry.id,
    channelId,
    conversation: { id: entry.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: entry.role, name: entry.role, role: fromRole },
    recipient: { id: fromRole === 'user' ? 'bot' : 'user', name: '' },
    text: entry.text,
    timestamp: entry.timestamp,
    serviceUrl: '',
    label: '',
    valueType: '',
    localTimestamp: entry.timestamp,
    localTimezone: '',
    callerId: '',
    listenFor: [],
    textHighlights: [],
    channelData: entry.nlu === undefined ? undefined : { nlu: entry.nlu },
  } satisfies Activity;
  return activity;
}
