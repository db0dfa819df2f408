import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import restify, { type Server } from 'restify';
import { loadConfig } from '../../../core/config.js';
import { silentLogger } from '../../../core/logger.js';
import type { ConsoleRole, ConsoleUser } from '../../../core/storage/consoleTypes.js';
import { openSqliteStore, type SqliteStore } from '../../../core/storage/sqlite/sqliteStore.js';
import { hashPassword } from '../../../bot/console/auth/passwords.js';
import { registerConsole, type ConsoleAccess } from '../../../bot/console/registerConsole.js';
import { installErrorHandler } from '../../../bot/httpErrors.js';

export const PASSWORD = 'correct horse battery staple';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private ms = Date.UTC(2026, 2, 1, 12, 0, 0)) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface ConsoleApi {
  url: string;
  store: SqliteStore;
  access: ConsoleAccess;
  server: Server;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * The console's routes on a bare restify server (no bot runtime) over an in-memory SQLite store, on 127.0.0.1:0.
 * `extraRoutes` registers routes of another module that authenticate through the console.
 */
export async function startConsoleApi(options: { env?: Record<string, string>; distDir?: string; extraRoutes?: (server: Server, access: ConsoleAccess) => void } = {}): Promise<ConsoleApi> {
  const store = await openSqliteStore(':memory:', silentLogger());
  const clock = new TestClock();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const server = restify.createServer({ name: 'console-test', handleUncaughtExceptions: false });
  installErrorHandler(server, silentLogger());
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(...restify.plugins.bodyParser({ maxBodySize: 1 << 20, mapParams: false }));
  const access = await registerConsole(server, { store, config: config.console, logger: silentLogger(), now: clock.now, ...(options.distDir === undefined ? {} : { distDir: options.distDir }) });
  options.extraRoutes?.(server, access);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    access,
    server,
    clock,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

export async function createUser(store: SqliteStore, role: ConsoleRole, email: string, extra: Partial<ConsoleUser> = {}): Promise<ConsoleUser> {
  const now = new Date();
  const user: ConsoleUser = { id: randomUUID(), email, displayName: email.split('@')[0] ?? email, role, passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: now, updatedAt: now, ...extra };
  await store.consoleUsers.create(user);
  return user;
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A browser-like client: keeps the session cookie and the CSRF token it was given. */
export class ConsoleClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async login(email: string, password = PASSWORD): Promise<Answer> {
    const answer = await this.call('/api/console/auth/login', { json: { email, password }, csrf: false });
    if (answer.status === 200) this.csrfToken = (answer.body as { csrfToken: string }).csrfToken;
    return answer;
  }

  async call(
    path: string,
    init: { method?: string; json?: unknown; csrf?: boolean; csrfToken?: string; bearer?: string; origin?: string; contentType?: string; body?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookie !== undefined && init.bearer === undefined) headers.cookie = this.cookie;
    if (init.bearer !== undefined) headers.authorization = `Bearer ${init.bearer}`;
    const method = init.method ?? (init.json === undefined && init.body === undefined ? 'GET' : 'POST');
    if (method !== 'GET' && init.csrf !== false && (init.csrfToken ?? this.csrfToken) !== undefined) headers['x-csrf-token'] = (init.csrfToken ?? this.csrfToken) as string;
    if (init.origin !== undefined) headers.origin = init.origin;
    let body = init.body;
    if (init.json !== undefined) body = JSON.stringify(init.json);
    if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie !== null) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = /Max-Age=0/.test(setCookie) ? undefined : pair;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }
}

export function errorCode(answer: Answer): string | undefined {
  return (answer.body as { error?: { code?: string } }).error?.code;
}
