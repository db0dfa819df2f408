import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { openSqliteStore } from '../../core/storage/sqlite/sqliteStore.js';
import { ensureFirstAdmin, UserService } from '../../bot/console/users.js';
import { ConsoleClient, createUser, startConsoleApi, type ConsoleApi } from './support/consoleApi.js';

const dist = mkdtempSync(join(tmpdir(), 'csbot-console-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><meta name="csp-nonce" content="__CSP_NONCE__"><script type="module" src="/console/assets/app-1a2b.js"></script><div id="root"></div>');
writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log("app")');
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
writeFileSync(join(tmpdir(), 'csbot-console-secret.txt'), 'outside the dist folder');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

async function get(url: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe('console app serving', () => {
  let api: ConsoleApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('serves index.html for the app routes with a fresh CSP nonce and no cache', async () => {
    api = await startConsoleApi({ distDir: dist });
    const first = await get(`${api.url}/console`);
    const deep = await get(`${api.url}/console/conversations/conv-1`);
    for (const page of [first, deep]) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const nonce = /content="([\w-]+)"/.exec(page.text)?.[1] ?? '';
      expect(nonce).toMatch(/^[\w-]{20,}$/);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(first.text).not.toBe(deep.text);
  });

  it('caches hashed assets for a year, other files briefly, and never falls back to the page for a missing asset', async () => {
    api = await startConsoleApi({ distDir: dist });
    const asset = await get(`${api.url}/console/assets/app-1a2b.js`);
    expect(asset.status).toBe(200);
    expect(asset.text).toBe('console.log("app")');
    expect(asset.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await get(`${api.url}/console/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await get(`${api.url}/console/assets/gone-9z9z.js`)).status).toBe(404);
  });

  it('never serves a file outside its folder', async () => {
    api = await startConsoleApi({ distDir: dist });
    for (const path of ['/console/..%2fcsbot-console-secret.txt', '/console/%2e%2e/csbot-console-secret.txt', '/console/assets/..%2f..%2fcsbot-console-secret.txt']) {
      const answer = await get(`${api.url}${path}`);
      expect(answer.text, path).not.toContain('outside the dist folder');
    }
  });

  it('says how to build the console before it is built', async () => {
    api = await startConsoleApi({ distDir: join(dist, 'missing') });
    const page = await get(`${api.url}/console/`);
    expect(page.status).toBe(503);
    expect(page.text).toContain('npm run console:build');
  });
});

describe('first admin from the environment', () => {
  let api: ConsoleApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('creates the admin while none exists, and the admin can sign in', async () => {
    api = await startConsoleApi({ env: { CONSOLE_ADMIN_EMAIL: 'Owner@Shop.Example', CONSOLE_ADMIN_PASSWORD: 'a strong first password' } });
    const client = new ConsoleClient(api.url);
    const login = await client.login('owner@shop.example', 'a strong first password');
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ user: { role: 'admin' } });
  });

  it('leaves the accounts alone once an admin exists', async () => {
    const store = await openSqliteStore(':memory:', silentLogger());
    const users = new UserService(store, { endAllFor: async () => 0 });
    const env = { email: 'second@shop.example', password: 'a strong first password' };
    expect(await ensureFirstAdmin(users, store, { email: undefined, password: undefined })).toBe('not configured');
    await createUser(store, 'admin', 'first@shop.example');
    expect(await ensureFirstAdmin(users, store, env)).toBe('exists');
    expect(await store.consoleUsers.getByEmail('second@shop.example')).toBeUndefined();
    await store.close();
  });

  it('refuses to start with a weak admin password, naming the variables', async () => {
    const started = startConsoleApi({ env: { CONSOLE_ADMIN_EMAIL: 'owner@shop.example', CONSOLE_ADMIN_PASSWORD: 'short' } });
    const error = await started.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('CONSOLE_ADMIN_PASSWORD');
  });
});
