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
  z.object({ action: z.literal('why'), productId: z.string().min(1).max(128) }),
  z.object({ action: z.literal('order'), orderId: z.string().min(1).max(128) }),
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

/** Postbacks travel in `value`; the shopper sees (and the transcript keeps) only the title. */
function toCardAction(action: SuggestedAction): CardAction {
  if (action.postback !== undefined) {
    return { type: ActionTypes.MessageBack, title: action.title, text: action.title, displayText: action.title, value: action.postback };
  }
  if (action.url !== undefined) return { type: ActionTypes.OpenUrl, title: action.title, value: action.url };
  return { type: ActionTypes.ImBack, title: action.title, value: action.title };
}

/** A hero card in a carousel; a thumbnail card (small picture beside the text) for one product on its own. */
function toProductCard(card: ProductCardModel, layout: 'carousel' | 'detail') {
  const images = card.imageUrl === undefined ? [] : [{ url: card.imageUrl, alt: card.title }];
  const tap = card.url === undefined ? {} : { tap: { type: ActionTypes.OpenUrl, title: card.title, value: card.url } };
  const make = layout === 'detail' ? CardFactory.thumbnailCard : CardFactory.heroCard;
  return make(card.title, card.text, images, card.buttons.map(toCardAction), { subtitle: card.subtitle, ...tap });
}

/** Maps message replies to activities; handoff replies are turned into events by the bot (they need the transcript). */
export function toMessageActivity(reply: Exclude<BotReply, { kind: 'handoff' }>): Partial<Activity> {
  if (reply.kind === 'products') {
    const layout = reply.layout ?? 'carousel';
    const cards = reply.cards.map((card) => toProductCard(card, layout));
    const activity = layout === 'detail' ? MessageFactory.list(cards, reply.text) : MessageFactory.carousel(cards, reply.text);
    activity.type = ActivityTypes.Message;
    return activity;
  }
  const actions = reply.suggestedActions ?? [];
  return actions.length === 0 ? MessageFactory.text(reply.text) : MessageFactory.suggestedActions(actions.map(toCardAction), reply.text);
}
