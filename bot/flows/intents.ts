/** The fixed intent names shared by the NLU data and the bot flows (27 from Bitext, 8 added by us). */
export const BITEXT_INTENTS = [
  'create_account', 'delete_account', 'edit_account', 'recover_password', 'registration_problems', 'switch_account',
  'check_cancellation_fee', 'contact_customer_service', 'contact_human_agent', 'delivery_options', 'delivery_period',
  'complaint', 'review', 'check_invoice', 'get_invoice', 'newsletter_subscription', 'cancel_order', 'change_order',
  'place_order', 'track_order', 'check_payment_methods', 'payment_issue', 'check_refund_policy', 'get_refund',
  'track_refund', 'change_shipping_address', 'set_up_shipping_address',
] as const;

export const OWN_INTENTS = ['return_item', 'recommend_products', 'search_products', 'greet', 'thanks', 'goodbye', 'affirm', 'deny'] as const;

export const BOT_INTENTS = [...BITEXT_INTENTS, ...OWN_INTENTS] as const;
export type BotIntent = (typeof BOT_INTENTS)[number];

export function isBotIntent(value: string): value is BotIntent {
  return (BOT_INTENTS as readonly string[]).includes(value);
}
