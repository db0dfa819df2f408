import type { Logger } from '../../../core/logger.js';
import { loadConfig } from '../../../core/config.js';
import { loadFlowBook } from '../../../bot/flows/flowBook.js';
import { firstVariant } from '../../../bot/flows/flowContext.js';
import { buildServer, type BotServer } from '../../../bot/server.js';
import { FakeRecommendations, KeywordNlu, seededStore } from '../../bot/support/fakePorts.js';
import type { MemoryBotStore } from '../../bot/support/memoryStore.js';
import { TEST_SECRET } from '../../bot/support/testServer.js';
import { capturingLogger, type LogLine } from './capturingLogger.js';

export { TEST_SECRET };

export interface SecurityTestServer {
  bot: BotServer;
  url: string;
  store: MemoryBotStore;
  logger: Logger;
  /** Everything the server logged (its pino logger and restify's), as text and as parsed lines. */
  logText: () => string;
  logLines: () => LogLine[];
  close(): Promise<void>;
}

/** The real server (fake NLU and store) with a given environment, logging into memory with the product's logger. */
export async function startSecurityServer(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<SecurityTestServer> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug', DIRECTLINE_SECRET: TEST_SECRET, ...env });
  const captured = capturingLogger({ level: config.logLevel, redactValues: [...config.logging.redactValues] });
  const store = await seededStore();
  const book = loadFlowBook('bot/data/flows.yml');
  const bot = await buildServer(config, {
    logger: options.logger ?? captured.logger,
    store,
    nlu: new KeywordNlu(),
    recommendations: new FakeRecommendations(store),
    flows: () => book,
    pickVariant: firstVariant,
  });
  const { url } = await bot.listen(0, '127.0.0.1');
  return { bot, url, store, logger: options.logger ?? captured.logger, logText: captured.text, logLines: captured.lines, close: () => bot.close() };
}

/** A raw HTTP exchange (fetch cannot send some of the bodies and headers these tests need). */
export async function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const response = await fetch(url, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: init.body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}
