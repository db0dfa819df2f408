import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { createPiiPolicy, DEFAULT_PII_POLICY, passesIbanCheck, redactPii } from '../../bot/transcripts/redactPii.js';
import { createHarness } from '../bot/support/dialogueRunner.js';

describe('PII redaction: shop identifiers survive', () => {
  it.each([
    'where is order 3707955617',
    'my order is 0123456789, thanks',
    'Order no. 536365 and order number ORD-1042',
    'ticket #20240115',
    'order 536365 costs 12.50',
    '3707955617',
    'orders 536365 536366 536367 536368 536369 536370 536371 536372',
    'SKU 12345678 and 87654321',
    'tracking TRK123456789GB',
    'delivered on 2024-01-15 at 14:30, or 15/01/2024',
    'it cost €1.299,00 in total, qty 3 x 12.50 = 37.50',
    'version 1.2.3.4 on 192.168.100.200',
    'postcode SW1A 1AA, seat DE12, between 10 and 20 items',
    'ref 12 34 56 78 90 12',
    'IBAN-like DE89 3704 0044 0532 0130 01 with a wrong check digit',
    'card-like 4111 1111 1111 1112 that fails Luhn',
  ])('keeps %j', (text) => {
    expect(redactPii(text)).toBe(text);
  });
});

describe('PII redaction: personal data is removed', () => {
  it.each([
    ['call me on +44 20 7946 0958', 'call me on [phone]'],
    ['or 0044-20-7946-0958', 'or [phone]'],
    ['Berlin office +49 30 1234567', 'Berlin office [phone]'],
    ['Paris +33 1 42 68 53 00.', 'Paris [phone].'],
    ['US +1 415-555-2671', 'US [phone]'],
    ['India +91 98765 43210', 'India [phone]'],
    ['Sydney +61 2 9374 4000', 'Sydney [phone]'],
    ['Tokyo +81 3-1234-5678', 'Tokyo [phone]'],
    ['Zurich 0041 44 668 18 00', 'Zurich [phone]'],
    ['Madrid +34 912 345 678, Rome +39 06 1234 5678', 'Madrid [phone], Rome [phone]'],
    ['London 020 7946 0958, mobile 07700 900123', 'London [phone], mobile [phone]'],
    ['mobile 0170 1234567 or 06 12 34 56 78', 'mobile [phone] or [phone]'],
    ['(202) 555-0123 or 1 202 555 0123 or tel: 415.555.2671', '[phone] or [phone] or tel: [phone]'],
    ['IBAN DE89 3704 0044 0532 0130 00 from my bank', 'IBAN [iban] from my bank'],
    ['GB82WEST12345698765432 and fr1420041010050500013m02606', '[iban] and [iban]'],
    ['NL91 ABNA 0417 1643 00', '[iban]'],
    ['card 4111 1111 1111 1111 and 5500-0000-0000-0004', 'card [card] and [card]'],
    ['amex 378282246310005 exp 12/27', 'amex [card] exp 12/27'],
    ['write to john.doe+shop@example.co.uk please', 'write to [email] please'],
  ])('%j → %j', (text, expected) => {
    expect(redactPii(text)).toBe(expected);
  });

  it('reports what it found, by kind and position, without the values', () => {
    const text = 'order 3707955617: mail a@b.co, phone +44 20 7946 0958, IBAN GB82WEST12345698765432';
    const result = DEFAULT_PII_POLICY.redact(text);
    expect(result.text).toBe('order 3707955617: mail [email], phone [phone], IBAN [iban]');
    expect(result.found.map((f) => [f.kind, text.slice(f.start, f.end)])).toEqual([
      ['email', 'a@b.co'],
      ['phone', '+44 20 7946 0958'],
      ['iban', 'GB82WEST12345698765432'],
    ]);
    expect(JSON.stringify(result.found)).not.toContain('7946');
  });

  it('checks IBANs with mod-97', () => {
    expect(passesIbanCheck('DE89370400440532013000')).toBe(true);
    expect(passesIbanCheck('DE89370400440532013001')).toBe(false);
    expect(passesIbanCheck('GB82WEST12345698765432')).toBe(true);
  });

  it('handles very long input, and redacts phone numbers past its validation budget rather than keep them', () => {
    expect(redactPii('x'.repeat(60_000)).length).toBe(60_000);
    expect(redactPii('1 '.repeat(4000))).toBe('1 '.repeat(4000));
    const manyPhones = 'call 07700 900123, '.repeat(400);
    expect(redactPii(manyPhones)).toBe('call [phone], '.repeat(400));
  });
});

describe('PII policy from configuration', () => {
  it('keeps the shop order number format and extra keep patterns, and recognises the configured regions only', () => {
    const config = loadConfig({ ORDER_NUMBER_PATTERN: '\\b0\\d{9}\\b', PII_KEEP_PATTERNS: '["RMA-(\\\\d{8})"]', PII_PHONE_REGIONS: 'FR' });
    const policy = createPiiPolicy(config.security.pii);
    expect(policy.redact('0612345678 is my order, RMA-06123456 my return, 06 12 34 56 78 my phone').text).toBe('0612345678 is my order, RMA-06123456 my return, [phone] my phone');
    expect(policy.redact('London 020 7946 0958').text).toBe('London 020 7946 0958');
    expect(policy.redact('London +44 20 7946 0958').text).toBe('London [phone]');
  });

  it('refuses invalid patterns and unknown regions, naming the variable', () => {
    expect(() => loadConfig({ ORDER_NUMBER_PATTERN: '(' })).toThrow(/ORDER_NUMBER_PATTERN/);
    expect(() => loadConfig({ PII_KEEP_PATTERNS: 'RMA-\\d+' })).toThrow(/PII_KEEP_PATTERNS/);
    expect(() => createPiiPolicy(loadConfig({ PII_PHONE_REGIONS: 'XX' }).security.pii)).toThrow(ConfigError);
  });
});

describe('stored transcripts', () => {
  it('keep the order number the agent needs and lose the phone number and IBAN', async () => {
    const harness = await createHarness('c-alice');
    await harness.adapter.processActivity({ type: 'message', text: 'where is order 3707955617? call +49 30 1234567, refund to DE89 3704 0044 0532 0130 00' }, (ctx) => harness.runtime.bot.run(ctx));
    await harness.runtime.transcriptStore.flush();
    const customer = harness.store.transcriptRows.find((row) => row.role === 'customer');
    expect(customer?.text).toBe('where is order 3707955617? call [phone], refund to [iban]');
  });
});
