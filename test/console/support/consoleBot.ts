import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../core/config.js';
import { silentLogger } from '../../../core/logger.js';
import { openSqliteStore, type SqliteStore } from '../../../core/storage/sqlite/sqliteStore.js';
import { CONSOLE_DIST_DIR } from '../../../bot/console/consoleRoutes.js';
import { loadFlowBook } from '../../../bot/flows/flowBook.js';
import { firstVariant } from '../../../bot/flows/flowContext.js';
import { buildServer, type BotServer } from '../../../bot/server.js';
import { CHROMIUM } from '../../bot/support/browser.js';
import { FakeRecommendations, KeywordNlu } from '../../bot/support/fakePorts.js';
import { MemoryBotStore } from '../../bot/support/memoryStore.js';
import { TEST_SECRET } from '../../bot/support/testServer.js';
import { createUser } from './consoleApi.js';
import { seedSupportData } from './seedConsole.js';

export const AGENT_EMAIL = 'ada@shop.example';

/** Why the console cannot be driven in a browser here, or undefined when it can. */
export function consoleBrowserSkipReason(): string | undefined {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!existsSync(join(CONSOLE_DIST_DIR, 'index.html'))) return 'the console is not built: run npm run console:build';
  return undefined;
}

/** The whole bot (fake NLU and recommender) over one SQLite store holding support data and an agent account. */
export async function startConsoleBot(): Promise<{ bot: BotServer; url: string; store: SqliteStore; close(): Promise<void> }> {
  const store = await openSqliteStore(':memory:', silentLogger());
  await seedSupportData(store, new Date());
  await createUser(store, 'agent', AGENT_EMAIL, { displayName: 'Ada Lovelace' });
  await createUser(store, 'admin', 'owner@shop.example', { displayName: 'Shop Owner' });
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DIRECTLINE_SECRET: TEST_SECRET });
  const book = loadFlowBook('bot/data/flows.yml');
  const bot = await buildServer(config, {
    logger: silentLogger(),
    store,
    consoleStore: store,
    nlu: new KeywordNlu(),
    recommendations: new FakeRecommendations(new MemoryBotStore()),
    flows: () => book,
    pickVariant: firstVariant,
    closeServices: () => store.close(),
  });
  const { url } = await bot.listen(0, '127.0.0.1');
  return { bot, url, store, close: () => bot.close() };
}
