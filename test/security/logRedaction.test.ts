import { describe, expect, it } from 'vitest';
import { capturingLogger } from './support/capturingLogger.js';

const SECRET = 'dl-secret-0123456789abcdefXYZ';

describe('pino logger redaction (core/logger.ts)', () => {
  it('redacts secret-bearing headers and fields by name, at any of the first levels', () => {
    const { logger, text, lines } = capturingLogger();
    logger.info(
      {
        req: { method: 'POST', url: '/x', headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: 'sid=abc', 'set-cookie': 'sid=abc', 'x-api-key': 'k-123456', host: 'bot' } },
        options: { password: 'hunter22', nested: { token: 'tok-abcdef', assertion: 'eyJhbGciOi.eyJzdWIi.sig' } },
        secret: 'top-level-secret',
      },
      'request',
    );
    const [line] = lines();
    expect(line?.req).toMatchObject({ headers: { authorization: '[Redacted]', cookie: '[Redacted]', 'set-cookie': '[Redacted]', 'x-api-key': '[Redacted]', host: 'bot' } });
    expect(line?.options).toEqual({ password: '[Redacted]', nested: { token: '[Redacted]', assertion: '[Redacted]' } });
    for (const leaked of ['dXNlcjpwYXNz', 'sid=abc', 'k-123456', 'hunter22', 'tok-abcdef', 'eyJzdWIi', 'top-level-secret']) expect(text()).not.toContain(leaked);
  });

  it('scrubs configured secret values and bearer credentials wherever they appear, children included', () => {
    const { logger, text } = capturingLogger({ redactValues: [SECRET] });
    logger.error({ err: new Error(`upstream said: invalid key ${SECRET}`) }, 'call failed');
    logger.child({ component: 'restify' }).warn({ header: `Bearer ${SECRET}`, note: 'Authorization: Bearer some.jwt.value' }, `retry with ${SECRET}`);
    logger.info({ url: '/v3/directline/conversations/abc/stream?t=eyJ0b2tlbi.payload.sig&watermark=3' }, 'stream opened');
    logger.error({ err: new Error('mongodb://csbot:pa55word@db.internal:27017/shop refused') }, 'store down');
    const out = text();
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('some.jwt.value');
    expect(out).not.toContain('eyJ0b2tlbi');
    expect(out).not.toContain('pa55word');
    expect(out).toContain('mongodb://csbot:[Redacted]@db.internal');
    expect(out).toContain('watermark=3');
    expect(out.match(/\[Redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps ordinary fields readable', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ conversationId: 'c1', status: 200, url: '/healthz' }, 'ok');
    expect(lines()[0]).toMatchObject({ conversationId: 'c1', status: 200, url: '/healthz', msg: 'ok' });
  });
});
