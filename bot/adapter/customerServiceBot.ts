import { ActivityHandler, EventFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from '../../core/logger.js';
import type { DialogueEngine } from '../flows/dialogueEngine.js';
import type { BotReply, TurnInput } from '../flows/types.js';
import { toMessageActivity, toTurnInput } from './activityMapping.js';
import type { TurnAnnotations } from './turnAnnotations.js';

export interface CustomerServiceBotDeps {
  engine: DialogueEngine;
  annotations: TurnAnnotations;
  /** The conversation so far, attached to the handoff.initiate event. */
  transcriptFor: (conversationId: string) => Promise<Activity[]>;
  logger: Logger;
}

/** Thin Bot Framework shell around the DialogueEngine; one instance serves every channel. */
export class CustomerServiceBot extends ActivityHandler {
  constructor(private readonly deps: CustomerServiceBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.runTurn(context, toTurnInput(context.activity));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === botId) continue;
        const input: TurnInput = {
          kind: 'conversationStart',
          conversationId: context.activity.conversation.id,
          channelId: context.activity.channelId,
          customerId: member.id,
        };
        await this.runTurn(context, input);
      }
      await next();
    });
  }

  private async runTurn(context: TurnContext, input: TurnInput): Promise<void> {
    const outcome = await this.deps.engine.handleTurn(input);
    this.deps.logger.debug({ conversationId: input.conversationId, action: outcome.action }, 'turn handled');
    if (outcome.annotation !== undefined) {
      this.deps.annotations.record(input.conversationId, context.activity.id, outcome.annotation);
    }
    await this.sendReplies(context, outcome.replies);
  }

  private async sendReplies(context: TurnContext, replies: BotReply[]): Promise<void> {
    for (const reply of replies) {
      if (reply.kind === 'handoff') {
        const activities = await this.deps.transcriptFor(context.activity.conversation.id).catch((error: unknown) => {
          this.deps.logger.warn({ err: error }, 'could not read transcript for handoff');
          return [] as Activity[];
        });
        const context_ = { reason: reply.reason, customerId: reply.customerId };
        await context.sendActivity(EventFactory.createHandoffInitiation(context, context_, { activities }));
      } else {
        await context.sendActivity(toMessageActivity(reply));
      }
    }
  }
}
