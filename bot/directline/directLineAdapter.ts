import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { AppError } from '../../core/errors.js';
import type { ConversationHub } from './conversationHub.js';

export const DIRECT_LINE_CHANNEL = 'directline';
export const DIRECT_LINE_BOT = { id: 'csbot', name: 'Shop assistant', role: 'bot' };

/**
 * In-process adapter for our Direct Line endpoint: runs activities through the same middleware and bot as the
 * CloudAdapter, and appends the bot's replies to the conversation's activity log (pushed to WebSocket streams).
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(private readonly hub: ConversationHub) {
    super();
  }

  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        const ms = typeof activity.value === 'number' ? Math.min(activity.value, 5000) : 1000;
        await new Promise((resolve) => setTimeout(resolve, ms));
        responses.push({ id: '' });
        continue;
      }
      if (activity.type === ActivityTypes.InvokeResponse || activity.type === ActivityTypes.Trace) {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = activity.conversation?.id ?? context.activity.conversation.id;
      const outgoing: Partial<Activity> = { ...activity, channelId: DIRECT_LINE_CHANNEL, from: activity.from ?? DIRECT_LINE_BOT };
      responses.push({ id: this.hub.append(conversationId, outgoing) });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new AppError('NOT_IMPLEMENTED', 'updating activities is not supported on this channel');
  }

  async deleteActivity(): Promise<void> {
    throw new AppError('NOT_IMPLEMENTED', 'deleting activities is not supported on this channel');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.processActivity(activity, logic);
  }
}
