import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DataFileError } from '../../core/errors.js';
import { MESSAGE_KEYS, type MessageKey } from './flowMessages.js';
import { BOT_INTENTS, type BotIntent } from './intents.js';
import { templateVariables, TEMPLATE_VARIABLES } from './templates.js';

/** Conversation as data: bot/data/flows.yml, validated at load. */

export const FLOW_ACTIONS = ['answer', 'recommend', 'search_products', 'order_status', 'start_return', 'refund_status', 'cancel_order', 'handoff'] as const;
export type FlowAction = (typeof FLOW_ACTIONS)[number];

const variants = z.array(z.string().trim().min(1)).min(1);
const suggestions = z.array(z.string().trim().min(1).max(60)).max(6).default([]);

const intentFlowSchema = z
  .object({
    label: z.string().trim().min(1).max(60),
    action: z.enum(FLOW_ACTIONS).default('answer'),
    answers: variants,
    followUp: z.string().trim().min(1).optional(),
    suggestions,
  })
  .strict();

export type { MessageKey } from './flowMessages.js';

/** How dates and prices are written in answers. */
const shopSchema = z
  .object({
    locale: z.string().trim().min(2).refine(isSupportedLocale, 'unknown locale'),
    timeZone: z.string().trim().min(1).refine(isSupportedTimeZone, 'unknown time zone'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as GBP'),
  })
  .strict();

/** The shop's policy numbers: every answer that states one takes it from here. */
const policySchema = z
  .object({
    returnWindowDays: z.number().int().min(0).max(365),
    refundBusinessDays: z.number().int().min(0).max(60),
    freeDeliveryOver: z.number().min(0),
    standardDeliveryDays: z.string().trim().min(1).max(20),
    expressDeliveryDays: z.string().trim().min(1).max(20),
    sameDayDispatchBefore: z.string().regex(/^\d{1,2}:\d{2}$/, 'a time such as 14:00'),
    /** Failed order proofs a guest may make in one conversation before order lookups stop there. */
    guestProofAttempts: z.number().int().min(1).max(10),
  })
  .strict();
export type ShopPolicy = z.infer<typeof policySchema>;
export type ShopSettings = z.infer<typeof shopSchema>;

function isSupportedLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

function isSupportedTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const messagesSchema = z.object(Object.fromEntries(MESSAGE_KEYS.map((k) => [k, variants])) as Record<MessageKey, typeof variants>).strict();

const flowFileSchema = z
  .object({
    version: z.number().int().min(1),
    shop: shopSchema,
    policy: policySchema,
    negativeSentimentThreshold: z.number().min(0.5).max(1).default(0.85),
    welcomeSuggestions: suggestions,
    messages: messagesSchema,
    intents: z.record(z.string(), intentFlowSchema),
  })
  .strict();

export type IntentFlow = z.infer<typeof intentFlowSchema>;

export interface FlowBook {
  readonly file: string;
  readonly version: number;
  /** Sentiment confidence from which a negative message is acknowledged and counts towards handoff. */
  readonly negativeSentimentThreshold: number;
  readonly shop: Readonly<ShopSettings>;
  readonly policy: Readonly<ShopPolicy>;
  readonly welcomeSuggestions: readonly string[];
  readonly messages: Readonly<Record<MessageKey, readonly string[]>>;
  readonly intents: Readonly<Record<BotIntent, IntentFlow>>;
}

/** Validates parsed YAML into a FlowBook; every problem names the file and the entry. */
export function parseFlowBook(file: string, raw: unknown): FlowBook {
  const parsed = flowFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const entry = issue === undefined ? undefined : issue.path.join('.') || '(root)';
    throw new DataFileError(file, entry, issue?.message ?? 'invalid flows file');
  }
  const data = parsed.data;
  for (const intent of Object.keys(data.intents)) {
    if (!(BOT_INTENTS as readonly string[]).includes(intent)) throw new DataFileError(file, `intents.${intent}`, 'unknown intent name');
  }
  for (const intent of BOT_INTENTS) {
    if (data.intents[intent] === undefined) throw new DataFileError(file, `intents.${intent}`, 'missing flow for intent');
  }
  const texts: Array<[string, string]> = [];
  for (const [key, list] of Object.entries(data.messages)) list.forEach((t, i) => texts.push([`messages.${key}.${i}`, t]));
  for (const [intent, flow] of Object.entries(data.intents)) {
    flow.answers.forEach((t, i) => texts.push([`intents.${intent}.answers.${i}`, t]));
    if (flow.followUp !== undefined) texts.push([`intents.${intent}.followUp`, flow.followUp]);
  }
  for (const [entry, text] of texts) {
    const unknown = templateVariables(text).filter((v) => !(TEMPLATE_VARIABLES as readonly string[]).includes(v));
    if (unknown.length > 0) throw new DataFileError(file, entry, `unknown template variable ${unknown.join(', ')}`);
  }
  return Object.freeze({
    file,
    version: data.version,
    negativeSentimentThreshold: data.negativeSentimentThreshold,
    shop: data.shop,
    policy: data.policy,
    welcomeSuggestions: data.welcomeSuggestions,
    messages: data.messages,
    intents: data.intents as Record<BotIntent, IntentFlow>,
  });
}

/** Reads and validates a flows file. Throws DataFileError on unreadable, non-YAML or invalid content. */
export function loadFlowBook(file: string): FlowBook {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new DataFileError(file, undefined, 'cannot read file', { cause });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new DataFileError(file, undefined, `not valid YAML: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return parseFlowBook(file, raw);
}
