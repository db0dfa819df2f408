import { readFileSync } from 'node:fs';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { silentLogger } from '../../../core/logger.js';
import { createBotRuntime, type BotRuntime } from '../../../bot/botRuntime.js';
import { loadFlowBook } from '../../../bot/flows/flowBook.js';
import { firstVariant } from '../../../bot/flows/flowContext.js';
import type { NluService } from '../../../bot/ports.js';
import { FakeRecommendations, KeywordNlu, seededStore, TEST_NOW } from './fakePorts.js';
import type { MemoryBotStore } from './memoryStore.js';

/** Scripted dialogues (test/fixtures/bot/dialogues/*.yml) replayed through TestAdapter against the real bot. */

const expectedReplySchema = z
  .object({
    text: z.string().optional(), // a regular expression, case-insensitive
    notText: z.string().optional(), // a regular expression the text must not match
    suggestedActions: z.array(z.string()).optional(), // titles that must be offered
    noSuggestedActions: z.boolean().optional(), // true: nothing may be offered
    cards: z.number().int().min(1).optional(), // at least this many hero cards
    cardButtons: z.array(z.string()).optional(), // button titles every card must have
    event: z.string().optional(), // event activity name
  })
  .strict();

/** What a shopper must never see: store ids and importers' placeholder names. */
export const INTERNAL_ID = /\buci-\d+|\bdemo-\d+|\bCustomer \d+/i;

const stepSchema = z
  .object({
    conversationStart: z.boolean().optional(),
    user: z.string().optional(),
    repeatUser: z.object({ text: z.string(), times: z.number().int().min(1).max(100_000) }).optional(),
    postback: z.record(z.string(), z.string()).optional(),
    expect: z.array(expectedReplySchema),
    nluCalled: z.boolean().optional(),
  })
  .strict();

export const dialogueSchema = z
  .object({
    name: z.string(),
    /** The visitor's id on the channel; one the shop's data does not know (e.g. `guest-1`) is a guest. */
    customer: z.string().default('c-alice'),
    limits: z.object({ maxMessageChars: z.number().int().optional() }).strict().optional(),
    steps: z.array(stepSchema).min(1),
    after: z
      .object({
        conversationStatus: z.string().optional(),
        conversationTags: z.array(z.string()).optional(),
        interactions: z.array(z.object({ productId: z.string(), kind: z.string() })).optional(),
        transcriptRoles: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Dialogue = z.infer<typeof dialogueSchema>;

export function loadDialogue(file: string): Dialogue {
  return dialogueSchema.parse(parseYaml(readFileSync(file, 'utf8')));
}

export interface DialogueHarness {
  adapter: TestAdapter;
  runtime: BotRuntime;
  store: MemoryBotStore;
  nlu: KeywordNlu;
  recommendations: FakeRecommendations;
}

export async function createHarness(customer: string, options: { maxMessageChars?: number; nlu?: NluService } = {}): Promise<DialogueHarness> {
  const store = await seededStore();
  const nlu = new KeywordNlu();
  const recommendations = new FakeRecommendations(store);
  const book = loadFlowBook('bot/data/flows.yml');
  const runtime = createBotRuntime({
    nlu: options.nlu ?? nlu,
    recommendations,
    store,
    logger: silentLogger(),
    flows: () => book,
    limits: { maxMessageChars: options.maxMessageChars ?? 4000, handoffNegativeTurns: 2, handoffFallbackTurns: 2 },
    redactPii: true,
    pickVariant: firstVariant,
    now: () => TEST_NOW,
  });
  const conversation = TestAdapter.createConversation(`conv-${customer}-${Math.random().toString(36).slice(2, 8)}`);
  conversation.user = { id: customer, name: customer };
  const adapter = new TestAdapter(conversation);
  adapter.use(runtime.transcriptMiddleware);
  return { adapter, runtime, store, nlu, recommendations };
}

async function turn(harness: DialogueHarness, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  await harness.adapter.processActivity(activity, (context) => harness.runtime.bot.run(context));
  const replies = [...harness.adapter.activeQueue];
  harness.adapter.activeQueue.length = 0;
  return replies;
}

export function describeReply(activity: Partial<Activity>): string {
  const actions = activity.suggestedActions?.actions.map((a) => a.title).join(' | ');
  const cards = activity.attachments?.length ?? 0;
  return `${activity.type}${activity.name === undefined ? '' : `:${activity.name}`} "${activity.text ?? ''}"${actions ? ` [${actions}]` : ''}${cards ? ` cards=${cards}` : ''}`;
}

interface HeroContent {
  title?: string;
  subtitle?: string;
  text?: string;
  images?: Array<{ url?: string }>;
  buttons?: Array<{ title?: string }>;
}

function cardContents(activity: Partial<Activity>): HeroContent[] {
  return (activity.attachments ?? []).map((a) => (a.content ?? {}) as HeroContent);
}

/** Every string a shopper sees for this activity: its text, suggested actions, card texts and buttons. */
export function visibleTexts(activity: Partial<Activity>): string[] {
  const texts = [activity.text ?? '', ...(activity.suggestedActions?.actions.map((a) => a.title ?? '') ?? [])];
  for (const card of cardContents(activity)) texts.push(card.title ?? '', card.subtitle ?? '', card.text ?? '', ...(card.buttons ?? []).map((b) => b.title ?? ''));
  return texts;
}

function checkReply(actual: Partial<Activity>, expected: z.infer<typeof expectedReplySchema>, where: string): void {
  const shown = describeReply(actual);
  const leaked = visibleTexts(actual).find((t) => INTERNAL_ID.test(t));
  if (leaked !== undefined) throw new Error(`${where}: internal id visible in "${leaked}"`);
  if (expected.notText !== undefined && new RegExp(expected.notText, 'i').test(actual.text ?? '')) throw new Error(`${where}: text /${expected.notText}/ must not match ${shown}`);
  if (expected.noSuggestedActions === true && (actual.suggestedActions?.actions.length ?? 0) > 0) throw new Error(`${where}: expected no suggested actions, got ${shown}`);
  for (const [i, card] of cardContents(actual).entries()) {
    const titles = (card.buttons ?? []).map((b) => b.title);
    for (const title of expected.cardButtons ?? []) if (!titles.includes(title)) throw new Error(`${where}: card ${i + 1} lacks button "${title}" (${titles.join(', ')})`);
  }
  if (expected.event !== undefined && (actual.type !== ActivityTypes.Event || actual.name !== expected.event)) throw new Error(`${where}: expected event ${expected.event}, got ${shown}`);
  if (expected.text !== undefined && !new RegExp(expected.text, 'i').test(actual.text ?? '')) throw new Error(`${where}: text /${expected.text}/ not matched by ${shown}`);
  const titles = actual.suggestedActions?.actions.map((a) => a.title) ?? [];
  for (const title of expected.suggestedActions ?? []) if (!titles.includes(title)) throw new Error(`${where}: suggested action "${title}" missing in ${shown}`);
  if (expected.cards !== undefined && (actual.attachments?.length ?? 0) < expected.cards) throw new Error(`${where}: expected ≥${expected.cards} cards, got ${shown}`);
}

/** Replays one dialogue; throws with the step and the actual replies on the first mismatch. */
export async function replayDialogue(dialogue: Dialogue): Promise<DialogueHarness> {
  const harness = await createHarness(dialogue.customer, dialogue.limits ?? {});
  for (const [index, step] of dialogue.steps.entries()) {
    const where = `${dialogue.name} step ${index + 1}`;
    const nluCallsBefore = harness.nlu.calls.length;
    let activity: Partial<Activity>;
    if (step.conversationStart === true) {
      activity = { type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: dialogue.customer, name: dialogue.customer }, { id: 'bot', name: 'bot' }] };
    } else if (step.postback !== undefined) {
      activity = { type: ActivityTypes.Message, text: step.user ?? '', value: step.postback };
    } else {
      const text = step.repeatUser === undefined ? (step.user ?? '') : step.repeatUser.text.repeat(step.repeatUser.times);
      activity = { type: ActivityTypes.Message, text };
    }
    const replies = await turn(harness, activity);
    if (replies.length !== step.expect.length) {
      throw new Error(`${where}: expected ${step.expect.length} replies, got ${replies.length}: ${replies.map(describeReply).join(' / ')}`);
    }
    step.expect.forEach((expected, i) => checkReply(replies[i] ?? {}, expected, `${where} reply ${i + 1}`));
    if (step.nluCalled !== undefined && (harness.nlu.calls.length > nluCallsBefore) !== step.nluCalled) {
      throw new Error(`${where}: NLU ${step.nluCalled ? 'not called' : 'called'}`);
    }
  }
  await harness.runtime.transcriptStore.flush();
  return harness;
}
