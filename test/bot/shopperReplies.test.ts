import { readFileSync } from 'node:fs';
import type { Activity, HeroCard } from 'botbuilder';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { Product } from '../../core/storage/types.js';
import { parsePostback, toMessageActivity } from '../../bot/adapter/activityMapping.js';
import { DialogueEngine, greetingName } from '../../bot/flows/dialogueEngine.js';
import { loadFlowBook, parseFlowBook, type FlowBook } from '../../bot/flows/flowBook.js';
import { firstVariant } from '../../bot/flows/flowContext.js';
import { itemSummary, orderIdCandidates, orderNumber } from '../../bot/flows/orderReferences.js';
import { renderTemplate } from '../../bot/flows/templates.js';
import type { BotReply, TurnInput } from '../../bot/flows/types.js';
import type { ProductSuggestion, Recommendations } from '../../bot/ports.js';
import { QueryMatchingRecommendations } from '../../bot/queryMatching.js';
import { FakeRecommendations, KeywordNlu, seededStore, TEST_NOW } from './support/fakePorts.js';

const FLOWS = 'bot/data/flows.yml';

async function engine(book: FlowBook = loadFlowBook(FLOWS)) {
  const store = await seededStore();
  return new DialogueEngine({
    flows: () => book,
    nlu: new KeywordNlu(),
    recommendations: new FakeRecommendations(store),
    store,
    logger: silentLogger(),
    limits: { maxMessageChars: 4000, handoffNegativeTurns: 2, handoffFallbackTurns: 2 },
    pickVariant: firstVariant,
    now: () => TEST_NOW,
  });
}

function turn(text: string, customerId?: string): TurnInput {
  const input: TurnInput = { kind: 'message', conversationId: `conv-${customerId ?? 'guest'}`, channelId: 'test', text };
  if (customerId !== undefined) input.customerId = customerId;
  return input;
}

function texts(replies: BotReply[]): string {
  return replies.map((r) => (r.kind === 'handoff' ? '' : r.text)).join(' / ');
}

describe('names and templates', () => {
  it('greets by first name, and leaves out placeholder names', () => {
    expect(greetingName('Alice Martin')).toBe('Alice');
    expect(greetingName('Customer 12347')).toBeUndefined();
    expect(greetingName('  ')).toBeUndefined();
    expect(renderTemplate('Hi {{name}}! Here are some picks for you, {{name}}:', {})).toBe('Hi! Here are some picks for you:');
  });
});

describe('guest without a customer id on the turn', () => {
  it('asks for the number, then the email, and answers only with the proof, never repeating the email', async () => {
    const bot = await engine();
    const ask = await bot.handleTurn(turn('where is my order?'));
    expect(ask.replies).toHaveLength(1);
    expect(ask.replies[0]).not.toHaveProperty('suggestedActions');
    expect(texts(ask.replies)).not.toMatch(/recent orders|below/);

    expect(texts((await bot.handleTurn(turn('536365'))).replies)).toMatch(/email address you placed order 536365 with/);
    const wrong = await bot.handleTurn(turn('bob.stone@example.com'));
    expect(texts(wrong.replies)).toMatch(/couldn't match order 536365/);
    expect(texts(wrong.replies)).not.toMatch(/bob|shipped|TRK/i);
    const proven = await bot.handleTurn(turn('Alice.Martin@example.com'));
    expect(texts(proven.replies)).toMatch(/Order 536365 .* is on its way/);
    expect(texts(proven.replies)).not.toMatch(/alice/i);
  });

  it('never offers a signed-in customer the proof route to another customer\'s order', async () => {
    const bot = await engine();
    const reply = await bot.handleTurn(turn('where is my order 536365 alice.martin@example.com', 'c-bob'));
    expect(texts(reply.replies)).toMatch(/couldn't find an order 536365 on your account/);
  });
});

describe('policy numbers in one place', () => {
  it('computes return answers and policy answers from flows.yml policy', async () => {
    const raw = parseYaml(readFileSync(FLOWS, 'utf8')) as { policy: Record<string, unknown> };
    raw.policy.returnWindowDays = 100;
    const bot = await engine(parseFlowBook('flows.yml', raw));
    expect(texts((await bot.handleTurn(turn('return order 536371', 'c-alice'))).replies)).toMatch(/delivered on 11 December 2025, so you can return it until 21 March 2026/);
    expect(texts((await bot.handleTurn(turn('what is your refund policy', 'c-alice'))).replies)).toMatch(/within 100 days of delivery/);
  });

  it('names the entry of a bad shop or policy setting', () => {
    const raw = parseYaml(readFileSync(FLOWS, 'utf8')) as { shop: Record<string, unknown>; policy: Record<string, unknown> };
    const badLocale = structuredClone(raw);
    badLocale.shop.locale = 'xx-notalocale-123';
    const badDays = structuredClone(raw);
    badDays.policy.returnWindowDays = -1;
    for (const [broken, entry] of [[badLocale, 'shop.locale'], [badDays, 'policy.returnWindowDays']] as const) {
      let error: unknown;
      try {
        parseFlowBook('flows.yml', broken);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataFileError);
      expect((error as DataFileError).entry).toBe(entry);
    }
  });
});

describe('activities a shopper sees', () => {
  it('product cards carry the image, the formatted price, the page on tap, and ids only in button values', async () => {
    const bot = await engine();
    const outcome = await bot.handleTurn(turn('recommend something', 'c-alice'));
    const reply = outcome.replies[0];
    if (reply?.kind !== 'products') throw new Error('expected a carousel');
    const activity = toMessageActivity(reply) as Partial<Activity>;
    const cards = (activity.attachments ?? []).map((a) => a.content as HeroCard);
    expect(cards).toHaveLength(5);
    const first = cards[0];
    expect(first?.title).toBe('White hanging heart T-light holder');
    expect(first?.text ?? '').toBe(''); // its description only repeats the title
    expect(first?.subtitle).toBe('£2.95');
    expect(first?.images?.[0]?.url).toBe('/demo/products/P1/image.svg');
    expect(first?.tap).toMatchObject({ type: 'openUrl', value: '/demo/products/P1' });
    expect(first?.buttons?.map((b) => b.title)).toEqual(['Details', 'More like this', 'Why this?']);
    expect(first?.buttons?.map((b) => parsePostback(b.value))).toEqual([
      { action: 'view', productId: 'P1' }, { action: 'more_like', productId: 'P1' }, { action: 'why', productId: 'P1' },
    ]);
    expect(cards[1]?.text).toBe('Vanilla scented candle from our shop');
  });

  it('order buttons read as order number and date; the store id travels in the value', async () => {
    const bot = await engine();
    const reply = (await bot.handleTurn(turn('where is my order?', 'c-bob'))).replies[0];
    if (reply?.kind !== 'text') throw new Error('expected text');
    const actions = (toMessageActivity(reply) as Partial<Activity>).suggestedActions?.actions ?? [];
    expect(actions.map((a) => a.title)).toEqual(['536400 · 28 Feb 2026', '581180 · 9 Feb 2026']);
    expect(parsePostback(actions[1]?.value)).toEqual({ action: 'order', orderId: 'uci-581180' });
    expect(parsePostback({ action: 'order', orderId: '' })).toBeUndefined();
  });
});

describe('order references', () => {
  it('shows the shop\'s own number and finds the store id from what shoppers type', () => {
    expect(orderNumber({ id: 'uci-581180' })).toBe('581180');
    expect(orderNumber({ id: 'ORD-1042' })).toBe('ORD-1042');
    expect(orderIdCandidates('UCI-581180')).toEqual(expect.arrayContaining(['581180', 'uci-581180']));
    expect(orderIdCandidates('581180')).toEqual(['581180', 'uci-581180', 'demo-581180']);
  });

  it('summarises items in words', () => {
    const titles = new Map([['A', 'Regency cakestand 3 tier'], ['B', 'LED tea lights']]);
    const lines = [{ productId: 'A', quantity: 8, unitPrice: 1 }, { productId: 'B', quantity: 1, unitPrice: 1 }, { productId: 'C', quantity: 3, unitPrice: 1 }];
    expect(itemSummary({ lines }, titles)).toBe('12 items: 8 × regency cakestand 3 tier, LED tea lights and 1 other product');
    expect(itemSummary({ lines: lines.slice(1, 2) }, titles)).toBe('1 item: LED tea lights');
  });
});

describe('QueryMatchingRecommendations', () => {
  const product = (id: string, title: string): Product => ({ id, title, description: title, currency: 'GBP', inStock: true });
  const catalogue = [product('1', 'Red retrospot lunch bag'), product('2', 'Jumbo bag pink polkadot'), product('3', 'Glass star frosted T-light holder'), product('4', 'Vanilla scented candle')];
  const inner: Recommendations = {
    recommendForCustomer: async (_c, options) => catalogue.slice(0, options?.n ?? 5).map((p, i): ProductSuggestion => ({ product: p, score: 1 - i / 10, reason: 'r' })),
    similarProducts: async () => [],
    recordInteraction: async () => undefined,
  };

  it('flags literal matches (plural or singular), puts them first, and says when nothing matches', async () => {
    const matching = new QueryMatchingRecommendations(inner);
    const candles = await matching.recommendForCustomer('c', { n: 2, query: 'candles' });
    expect(candles.map((s) => [s.product.id, s.matchesQuery])).toEqual([['4', true], ['1', false]]);
    const bicycle = await matching.recommendForCustomer('c', { n: 3, query: 'bicycle' });
    expect(bicycle.every((s) => s.matchesQuery === false)).toBe(true);
    const bags = await matching.recommendForCustomer('c', { n: 3, query: 'lunch bags' });
    expect(bags.filter((s) => s.matchesQuery).map((s) => s.product.id)).toEqual(['1']);
    const plain = await matching.recommendForCustomer('c', { n: 2 });
    expect(plain.every((s) => s.matchesQuery === undefined)).toBe(true);
  });
});
