import { describe, expect, it } from 'vitest';
import { ModelNotTrainedError } from '../../core/errors.js';
import { parsePostback } from '../../bot/adapter/activityMapping.js';
import type { NluService } from '../../bot/ports.js';
import { createHarness } from './support/dialogueRunner.js';

async function say(harness: Awaited<ReturnType<typeof createHarness>>, activity: { text?: string; value?: unknown }): Promise<string[]> {
  await harness.adapter.processActivity({ type: 'message', ...activity }, (ctx) => harness.runtime.bot.run(ctx));
  const texts = harness.adapter.activeQueue.map((a) => a.text ?? `[${a.type}]`);
  harness.adapter.activeQueue.length = 0;
  return texts;
}

describe('the bot degrades politely when a dependency fails', () => {
  it('answers "unavailable" (never a guessed intent) when the NLU model is not trained', async () => {
    const untrained: NluService = {
      understand: async () => {
        throw new ModelNotTrainedError('intent classifier');
      },
    };
    const harness = await createHarness('c-alice', { nlu: untrained });
    expect(await say(harness, { text: 'where is my order?' })).toEqual([expect.stringMatching(/trouble understanding messages right now/)]);
    // Postbacks and order numbers in an open slot do not need the NLU.
    expect(await say(harness, { text: 'Track my order', value: { action: 'intent', intent: 'track_order' } })).toEqual([expect.stringMatching(/which order/i)]);
    expect(await say(harness, { text: '536370' })).toEqual([expect.stringMatching(/536370 .* was delivered/)]);
  });

  it('tells the customer when recommendations fail instead of crashing the turn', async () => {
    const harness = await createHarness('c-alice');
    harness.recommendations.recommendForCustomer = async () => {
      throw new ModelNotTrainedError('recommender');
    };
    expect(await say(harness, { text: 'recommend something' })).toEqual([expect.stringMatching(/couldn't find products/)]);
  });

  it('keeps answering when the conversation store is down', async () => {
    const harness = await createHarness('c-alice');
    harness.store.conversations.get = async () => {
      throw new Error('connection refused');
    };
    expect(await say(harness, { text: 'hello' })).toEqual([expect.stringMatching(/^Hello Alice/)]);
  });
});

describe('postback values from cards and suggested actions', () => {
  it('accepts only the known shapes', () => {
    expect(parsePostback({ action: 'more_like', productId: 'P1' })).toEqual({ action: 'more_like', productId: 'P1' });
    expect(parsePostback({ action: 'intent', intent: 'track_order' })).toEqual({ action: 'intent', intent: 'track_order' });
    expect(parsePostback({ action: 'drop_tables' })).toBeUndefined();
    expect(parsePostback('more_like')).toBeUndefined();
    expect(parsePostback({ action: 'view', productId: 'x'.repeat(500) })).toBeUndefined();
  });

  it('treats an unknown postback intent as text', async () => {
    const harness = await createHarness('c-alice');
    expect(await say(harness, { text: 'hello', value: { action: 'intent', intent: 'format_disk' } })).toEqual([expect.stringMatching(/^Hello Alice/)]);
  });
});
