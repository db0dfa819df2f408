import { loadConfig } from '../../../core/config.js';
import { silentLogger } from '../../../core/logger.js';
import { loadFlowBook } from '../../../bot/flows/flowBook.js';
import { firstVariant } from '../../../bot/flows/flowContext.js';
import { buildServer, type BotServer } from '../../../bot/server.js';
import { FakeRecommendations, KeywordNlu, seededStore } from './fakePorts.js';
import type { MemoryBotStore } from './memoryStore.js';

export const TEST_SECRET = 'test-directline-secret-0123456789abcdef';

export interface RunningTestServer {
  bot: BotServer;
  url: string;
  store: MemoryBotStore;
  recommendations: FakeRecommendations;
  close(): Promise<void>;
}

/** The real server with fake ports, listening on an ephemeral port on 127.0.0.1. */
export async function startTestServer(env: Record<string, string> = {}, seeded?: MemoryBotStore): Promise<RunningTestServer> {
  const store = seeded ?? (await seededStore());
  const recommendations = new FakeRecommendations(store);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DIRECTLINE_SECRET: TEST_SECRET, ...env });
  const book = loadFlowBook('bot/data/flows.yml');
  const bot = await buildServer(config, {
    logger: silentLogger(),
    store,
    nlu: new KeywordNlu(),
    recommendations,
    flows: () => book,
    pickVariant: firstVariant,
  });
  const { url } = await bot.listen(0, '127.0.0.1');
  return { bot, url, store, recommendations, close: () => bot.close() };
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export async function call(url: string, init: { method?: string; auth?: string; json?: unknown; body?: string; contentType?: string } = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = {};
  if (init.auth !== undefined) headers.authorization = `Bearer ${init.auth}`;
  let body: string | undefined = init.body;
  if (init.json !== undefined) body = JSON.stringify(init.json);
  if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

export interface DlActivity {
  id: string;
  type: string;
  text?: string;
  name?: string;
  from: { id: string; role?: string };
  attachments?: unknown[];
  channelData?: Record<string, unknown>;
}

export function activitiesOf(body: unknown): { activities: DlActivity[]; watermark: string } {
  return body as { activities: DlActivity[]; watermark: string };
}
