import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createAssertionVerifier } from '../../bot/identity/customerAssertion.js';
import { rawRequest, startSecurityServer, type SecurityTestServer } from './support/securityServer.js';

const ISSUER = 'https://shop.example';
const AUDIENCE = 'csbot';
const SECRET = 'shop-assertion-secret-0123456789-abcdefgh';
const secretKey = new TextEncoder().encode(SECRET);

interface Claims {
  sub?: string;
  iss?: string;
  aud?: string;
  expiresIn?: string | number;
  issuedAt?: number;
}

/** What the shop's backend does: sign {sub: customer id} for a few minutes. */
async function assertion(key: CryptoKey | Uint8Array, alg: string, claims: Claims = {}, kid?: string): Promise<string> {
  let jwt = new SignJWT({ name: 'Alice' })
    .setProtectedHeader(kid === undefined ? { alg } : { alg, kid })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresIn ?? '5m');
  if (claims.sub !== '') jwt = jwt.setSubject(claims.sub ?? 'c-alice');
  return jwt.sign(key);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'identity-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('POST /api/identity/token with an HS256 shop secret', () => {
  let running: SecurityTestServer;
  const exchange = (body: unknown) => rawRequest(`${running.url}/api/identity/token`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    running = await startSecurityServer({ NODE_ENV: 'production', IDENTITY_ISSUER: ISSUER, IDENTITY_AUDIENCE: AUDIENCE, IDENTITY_HS256_SECRET: SECRET });
  });
  afterAll(async () => {
    await running.close();
  });

  it('exchanges a valid assertion for a Direct Line token bound to that customer', async () => {
    const response = await exchange({ assertion: await assertion(secretKey, 'HS256') });
    expect(response.status).toBe(200);
    const { token, conversationId, expires_in } = response.json() as { token: string; conversationId: string; expires_in: number };
    expect(expires_in).toBeGreaterThan(0);
    expect(running.bot.tokens.verify(token)).toMatchObject({ conversationId, userId: 'c-alice' });
    expect(running.bot.hub.userOf(conversationId)).toBe('c-alice');
    const started = await rawRequest(`${running.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(started.status).toBe(201);
  });

  it.each([
    ['a forged signature', async () => assertion(new TextEncoder().encode('not-the-shop-secret-0123456789-xyz'), 'HS256'), 'bad signature'],
    ['an expired assertion', async () => assertion(secretKey, 'HS256', { issuedAt: Math.floor(Date.now() / 1000) - 300, expiresIn: Math.floor(Date.now() / 1000) - 120 }), 'expired'],
    ['the wrong audience', async () => assertion(secretKey, 'HS256', { aud: 'another-bot' }), "claim 'aud'"],
    ['the wrong issuer', async () => assertion(secretKey, 'HS256', { iss: 'https://evil.example' }), "claim 'iss'"],
    ['an assertion older than IDENTITY_MAX_AGE_S', async () => assertion(secretKey, 'HS256', { issuedAt: Math.floor(Date.now() / 1000) - 3600, expiresIn: '2h' }), 'issued too long ago'],
    ['no subject', async () => assertion(secretKey, 'HS256', { sub: '' }), "claim 'sub' is missing"],
    ['a subject that is not a customer id', async () => assertion(secretKey, 'HS256', { sub: '<script>' }), "claim 'sub' is not a customer id"],
    ['an unsigned (alg none) assertion', async () => new UnsecuredJWT({ sub: 'c-alice' }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').encode(), 'not allowed'],
    ['garbage', async () => 'not.a.jwt', 'malformed'],
  ])('refuses %s with 401', async (_name, make, reason) => {
    const response = await exchange({ assertion: await make() });
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining(reason) } });
  });

  it('refuses a body without an assertion with 400, and logs no assertion', async () => {
    expect((await exchange({ token: 'x' })).status).toBe(400);
    const valid = await assertion(secretKey, 'HS256');
    await exchange({ assertion: valid });
    expect(running.logText()).not.toContain(valid.split('.')[1]);
  });
});

describe('asymmetric shop keys', () => {
  it('verifies RS256 assertions against a PEM public key, and refuses HS256 ones signed with that public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    const file = path.join(dir, 'shop-public.pem');
    await writeFile(file, pem);
    const verifier = await createAssertionVerifier(loadConfig({ IDENTITY_ISSUER: ISSUER, IDENTITY_AUDIENCE: AUDIENCE, IDENTITY_PUBLIC_KEY_FILE: file }).security.identity);
    expect(await verifier?.verify(await assertion(privateKey, 'RS256'))).toEqual({ customerId: 'c-alice', name: 'Alice' });
    // Algorithm confusion: the public key's PEM text used as an HMAC secret.
    const confused = await assertion(new TextEncoder().encode(pem), 'HS256');
    await expect(verifier?.verify(confused)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('picks the key of a JWKS file by kid, and refuses an unknown kid', async () => {
    const current = await generateKeyPair('ES256');
    const next = await generateKeyPair('ES256');
    const jwks = { keys: [{ ...(await exportJWK(current.publicKey)), kid: 'k1', alg: 'ES256' }, { ...(await exportJWK(next.publicKey)), kid: 'k2', alg: 'ES256' }] };
    const file = path.join(dir, 'jwks.json');
    await writeFile(file, JSON.stringify(jwks));
    const verifier = await createAssertionVerifier(loadConfig({ IDENTITY_ISSUER: ISSUER, IDENTITY_AUDIENCE: AUDIENCE, IDENTITY_JWKS_FILE: file }).security.identity);
    expect((await verifier?.verify(await assertion(next.privateKey, 'ES256', {}, 'k2')))?.customerId).toBe('c-alice');
    await expect(verifier?.verify(await assertion(next.privateKey, 'ES256', {}, 'k3'))).rejects.toThrow(/no key matches/);
    await expect(verifier?.verify(await assertion(current.privateKey, 'ES256', {}, 'k2'))).rejects.toThrow(/bad signature/);
  });
});

describe('configuration', () => {
  it('answers 501 with what to set when no assertion key is configured', async () => {
    const running = await startSecurityServer();
    try {
      const response = await rawRequest(`${running.url}/api/identity/token`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ assertion: 'x' }) });
      expect(response.status).toBe(501);
      expect(response.json()).toMatchObject({ error: { message: expect.stringContaining('IDENTITY_ISSUER') } });
    } finally {
      await running.close();
    }
  });

  it('requires issuer and audience with a key, a long enough secret, and a readable key file', async () => {
    expect(() => loadConfig({ IDENTITY_HS256_SECRET: SECRET })).toThrow(/IDENTITY_ISSUER/);
    expect(() => loadConfig({ IDENTITY_ISSUER: ISSUER, IDENTITY_AUDIENCE: AUDIENCE, IDENTITY_HS256_SECRET: 'short' })).toThrow(/IDENTITY_HS256_SECRET/);
    const missing = loadConfig({ IDENTITY_ISSUER: ISSUER, IDENTITY_AUDIENCE: AUDIENCE, IDENTITY_PUBLIC_KEY_FILE: path.join(dir, 'absent.pem') });
    await expect(createAssertionVerifier(missing.security.identity)).rejects.toThrow(/IDENTITY_PUBLIC_KEY_FILE/);
  });
});
