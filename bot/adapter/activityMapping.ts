import {
  ActionTypes,
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type Activity,
  type CardAction,
} from 'botbuilder';
import { z } from 'zod';
import type { BotReply, Postback, ProductCardModel, SuggestedAction, TurnInput } from '../flows/types.js';

/** The only place where Bot Framework activities meet the flow model (TurnInput / BotReply). */

const postbackSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('intent'), intent: z.string().min(1).max(64) }),
  z.object({ action: z.literal('more_like'), productId: z.string().min(1).max(128) }),
  z.object({ action: z.literal('view'), productId: z.string().min(1).max(128) }),
]);

export function parsePostback(value: unknown): Postback | undefined {
  const parsed = postbackSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function toTurnInput(activity: Partial<Activity>): TurnInput {
  const input: TurnInput = {
    kind: 'message',
    conversationId: activity.conversation?.id ?? 'unknown',
    channelId: activity.channelId ?? 'unknown',
  };
  if (activity.from?.id !== undefined) input.customerId = activity.from.id;
  if (typeof activity.text === 'string') input.text = activity.text;
  const postback = parsePostback(activity.value);
  if (postback !== undefined) input.postback = postback;
  return input;
}

function toCardAction(action: SuggestedAction): CardAction {
  if (action.postback === undefined) return { type: ActionTypes.ImBack, title: action.title, value: action.title };
  return { type: ActionTypes.MessageBack, title: action.title, text: action.title, displayText: action.title, value: action.postback };
}

function toHeroCard(card: ProductCardModel) {
  const buttons: CardAction[] = [
    toCardAction({ title: 'More like this', postback: { action: 'more_like', productId: card.productId } }),
    toCardAction({ title: 'View', postback: { action: 'view', productId: card.productId } }),
  ];
  if (card.url !== undefined) buttons.push({ type: ActionTypes.OpenUrl, title: 'Open page', value: card.url });
  const images = card.imageUrl === undefined ? [] : [card.imageUrl];
  return CardFactory.heroCard(card.title, card.text, images, buttons, { subtitle: card.subtitle });
}

/** Maps message replies to activities; handoff replies are turned into events by the bot (they need the transcript). */
export function toMessageActivity(reply: Exclude<BotReply, { kind: 'handoff' }>): Partial<Activity> {
  if (reply.kind === 'products') {
    const activity = MessageFactory.carousel(reply.cards.map(toHeroCard), reply.text);
    activity.type = ActivityTypes.Message;
    return activity;
  }
  const actions = reply.suggestedActions ?? [];
  return actions.length === 0 ? MessageFactory.text(reply.text) : MessageFactory.suggestedActions(actions.map(toCardAction), reply.text);
}
