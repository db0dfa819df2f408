import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { passesLuhn, redactPii } from '../../bot/transcripts/redactPii.js';
import { createHarness } from './support/dialogueRunner.js';

describe('PII redaction', () => {
  it('redacts emails, phone numbers and Luhn-valid card numbers only', () => {
    expect(redactPii('write to john.doe+shop@example.co.uk please')).toBe('write to [email] please');
    expect(redactPii('call me on +44 20 7946 0958 or 0044-20-7946-0958')).toBe('call me on [phone] or [phone]');
    expect(redactPii('card 4111 1111 1111 1111 and 5500-0000-0000-0004')).toBe('card [card] and [card]');
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(redactPii('order 536365 costs 12.50')).toBe('order 536365 costs 12.50');
    expect(redactPii('x'.repeat(60_000)).length).toBe(60_000);
  });
});

describe('transcript logging', () => {
  it('never breaks a turn when the store throws, and logs the failure', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const harness = await createHarness('c-alice');
    harness.store.transcripts.append = async () => {
      throw new Error('disk full');
    };
    // Rebuild with a capturing logger: the transcript store logs through the runtime's logger.
    const { createBotRuntime } = await import('../../bot/botRuntime.js');
    const { loadFlowBook } = await import('../../bot/flows/flowBook.js');
    const book = loadFlowBook('bot/data/flows.yml');
    const runtime = createBotRuntime({
      nlu: harness.nlu, recommendations: harness.recommendations, store: harness.store, logger: createLogger({ level: 'error' }, sink),
      flows: () => book, limits: { maxMessageChars: 4000, handoffNegativeTurns: 2, handoffFallbackTurns: 2 }, redactPii: true,
    });
    harness.adapter.use(runtime.transcriptMiddleware);
    await harness.adapter.processActivity({ type: 'message', text: 'where is my order 536365' }, (ctx) => runtime.bot.run(ctx));
    await runtime.transcriptStore.flush();
    expect(harness.adapter.activeQueue.map((a) => a.text)).toContainEqual(expect.stringMatching(/536365 .* is on its way/));
    expect(lines.some((l) => l.includes('could not store transcript entries') && l.includes('disk full'))).toBe(true);
  });

  it('stores customer, bot and handoff activities with roles, annotations and redaction', async () => {
    const harness = await createHarness('c-alice');
    await harness.adapter.processActivity({ type: 'message', text: 'hello, my email is a@b.com' }, (ctx) => harness.runtime.bot.run(ctx));
    await harness.runtime.transcriptStore.flush();
    const [customer, bot] = harness.store.transcriptRows;
    expect(customer).toMatchObject({ role: 'customer', text: 'hello, my email is [email]', nlu: { intent: 'greet', confidence: 0.9 } });
    expect(bot).toMatchObject({ role: 'bot', text: expect.stringMatching(/^Hello Alice/) });
    const page = await harness.runtime.transcriptStore.getTranscriptActivities('test', customer?.conversationId ?? '');
    expect(page.items.map((a) => a.from.role)).toEqual(['user', 'bot']);
  });
});
