import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleClient, createUser, errorCode, startConsoleApi, type ConsoleApi } from './support/consoleApi.js';

/** Sign-in, session cookies, CSRF, the login rate limit and session expiry. */
describe('console authentication', () => {
  let api: ConsoleApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('signs in with an HttpOnly SameSite=Strict cookie and shows the user without the password hash', async () => {
    api = await startConsoleApi();
    await createUser(api.store, 'agent', 'Ada@Shop.Example');
    const client = new ConsoleClient(api.url);
    const login = await client.login('ada@shop.example');
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^csbot_console=[\w-]{40,}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    expect(login.body).toMatchObject({ user: { email: 'ada@shop.example', role: 'agent' }, permissions: expect.arrayContaining(['conversations:read', 'conversations:reply']) });
    const session = await client.call('/api/console/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ user: { email: 'ada@shop.example' }, csrfToken: client.csrfToken, via: 'session' });
    expect(JSON.stringify(session.body)).not.toContain('argon2');
    expect(session.headers.get('cache-control')).toBe('no-store');
    // The store keeps only the SHA-256 of the cookie's token.
    const token = client.cookie?.split('=')[1] ?? '';
    expect(await api.store.consoleSessions.get(token)).toBeUndefined();
  });

  it('marks the cookie Secure with the __Host- prefix when configured, and answers a wrong password like an unknown account', async () => {
    api = await startConsoleApi({ env: { CONSOLE_COOKIE_SECURE: 'always' } });
    await createUser(api.store, 'agent', 'ada@shop.example');
    await createUser(api.store, 'agent', 'off@shop.example', { disabled: true });
    const client = new ConsoleClient(api.url);
    expect((await client.login('ada@shop.example')).headers.get('set-cookie')).toMatch(/^__Host-csbot_console=.*; Secure$/);
    const wrong = await new ConsoleClient(api.url).login('ada@shop.example', 'not the password at all');
    const unknown = await new ConsoleClient(api.url).login('nobody@shop.example');
    const disabled = await new ConsoleClient(api.url).login('off@shop.example');
    for (const answer of [wrong, unknown, disabled]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'e-mail or password is wrong' } });
    }
  });

  it('refuses a state-changing request without the CSRF token, with a wrong one, or from another origin', async () => {
    api = await startConsoleApi();
    await createUser(api.store, 'agent', 'ada@shop.example');
    await api.store.conversations.upsert({ id: 'conv-1', channel: 'webchat', status: 'pending', tags: [], createdAt: new Date(), updatedAt: new Date() });
    const client = new ConsoleClient(api.url);
    await client.login('ada@shop.example');
    const note = { json: { text: 'called the courier' } };
    const missing = await client.call('/api/console/conversations/conv-1/notes', { ...note, csrf: false });
    expect(missing.status).toBe(403);
    expect(errorCode(missing)).toBe('FORBIDDEN');
    expect((await client.call('/api/console/conversations/conv-1/notes', { ...note, csrfToken: 'forged' })).status).toBe(403);
    expect((await client.call('/api/console/conversations/conv-1/notes', { ...note, origin: 'https://evil.example' })).status).toBe(403);
    expect((await api.store.conversationNotes.list('conv-1')).items).toEqual([]);
    expect((await client.call('/api/console/conversations/conv-1/notes', { ...note, origin: api.url })).status).toBe(201);
    expect((await client.call('/api/console/auth/logout', { json: {}, csrf: false })).status).toBe(403);
  });

  it('takes sign-in as JSON only and from its own origin', async () => {
    api = await startConsoleApi();
    await createUser(api.store, 'agent', 'ada@shop.example');
    const client = new ConsoleClient(api.url);
    const form = await client.call('/api/console/auth/login', { body: 'email=ada%40shop.example&password=x', contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const foreign = await client.call('/api/console/auth/login', { json: { email: 'ada@shop.example', password: 'correct horse battery staple' }, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(client.cookie).toBeUndefined();
  });

  it('limits sign-in attempts per account and per IP, with Retry-After, until the window ends', async () => {
    api = await startConsoleApi({ env: { CONSOLE_LOGIN_MAX_PER_ACCOUNT: '3', CONSOLE_LOGIN_MAX_PER_IP: '6', CONSOLE_LOGIN_WINDOW_S: '60' } });
    await createUser(api.store, 'agent', 'ada@shop.example');
    await createUser(api.store, 'agent', 'bob@shop.example');
    const attempt = (email: string, password?: string) => new ConsoleClient(api!.url).login(email, password);
    for (let i = 0; i < 3; i += 1) expect((await attempt('ada@shop.example', 'wrong password!!')).status).toBe(401);
    const blocked = await attempt('ADA@shop.example');
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked)).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another account from the same address still gets through until the address is over its own limit.
    expect((await attempt('bob@shop.example')).status).toBe(200);
    expect((await attempt('bob@shop.example')).status).toBe(200);
    expect((await attempt('bob@shop.example')).status).toBe(429);
    api.clock.advance(61_000);
    expect((await attempt('ada@shop.example')).status).toBe(200);
  });

  it('ends a session after the idle time, at its absolute expiry, and at sign-out', async () => {
    api = await startConsoleApi({ env: { CONSOLE_SESSION_IDLE_MIN: '10', CONSOLE_SESSION_TTL_H: '1' } });
    await createUser(api.store, 'agent', 'ada@shop.example');
    const idle = new ConsoleClient(api.url);
    await idle.login('ada@shop.example');
    const busy = new ConsoleClient(api.url);
    await busy.login('ada@shop.example');
    for (let minute = 0; minute < 56; minute += 8) {
      api.clock.advance(8 * 60_000);
      expect((await busy.call('/api/console/session')).status, `minute ${minute + 8}`).toBe(200);
    }
    expect((await idle.call('/api/console/session')).status).toBe(401);
    api.clock.advance(5 * 60_000);
    const expired = await busy.call('/api/console/session');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'the console session has ended: sign in again' } });

    const leaving = new ConsoleClient(api.url);
    await leaving.login('ada@shop.example');
    const cookie = leaving.cookie;
    const logout = await leaving.call('/api/console/auth/logout', { json: {} });
    expect(logout.status).toBe(200);
    expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    leaving.cookie = cookie;
    expect((await leaving.call('/api/console/session')).status).toBe(401);
  });

  it('ends the sessions of a user who is disabled or given another role', async () => {
    api = await startConsoleApi();
    await createUser(api.store, 'admin', 'root@shop.example');
    const ada = await createUser(api.store, 'agent', 'ada@shop.example');
    const admin = new ConsoleClient(api.url);
    await admin.login('root@shop.example');
    const agent = new ConsoleClient(api.url);
    await agent.login('ada@shop.example');
    expect((await admin.call(`/api/console/users/${ada.id}`, { json: { role: 'marketer' } })).status).toBe(200);
    expect((await agent.call('/api/console/session')).status).toBe(401);
    await agent.login('ada@shop.example');
    expect((await agent.call('/api/console/session')).body).toMatchObject({ user: { role: 'marketer' } });
    expect((await admin.call(`/api/console/users/${ada.id}`, { json: { disabled: true } })).status).toBe(200);
    expect((await agent.call('/api/console/session')).status).toBe(401);
    expect((await agent.login('ada@shop.example')).status).toBe(401);
  });

  it('changes one’s own password only with the current one, and keeps the caller signed in', async () => {
    api = await startConsoleApi();
    await createUser(api.store, 'agent', 'ada@shop.example');
    const client = new ConsoleClient(api.url);
    const other = new ConsoleClient(api.url);
    await client.login('ada@shop.example');
    await other.login('ada@shop.example');
    const wrong = await client.call('/api/console/account/password', { json: { currentPassword: 'nope nope nope', newPassword: 'a brand new passphrase' } });
    expect(wrong.status).toBe(403);
    const weak = await client.call('/api/console/account/password', { json: { currentPassword: 'correct horse battery staple', newPassword: 'short' } });
    expect(weak.status).toBe(400);
    const changed = await client.call('/api/console/account/password', { json: { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase' } });
    expect(changed.status).toBe(200);
    client.csrfToken = (changed.body as { csrfToken: string }).csrfToken;
    expect((await client.call('/api/console/session')).status).toBe(200);
    expect((await other.call('/api/console/session')).status).toBe(401);
    expect((await new ConsoleClient(api.url).login('ada@shop.example', 'a brand new passphrase')).status).toBe(200);
  });
});
