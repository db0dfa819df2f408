import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { loadConfig, type Config } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import { buildServer, type BotServer, type Deps } from '../../bot/server.js';
import { FakeRecommendations, KeywordNlu, seededStore } from '../bot/support/fakePorts.js';

/**
 * Bot turn latency over our Direct Line endpoint: 50 concurrent conversations on 127.0.0.1, each sending a short
 * scripted dialogue; latency = POST of the customer's message → first bot reply on the conversation's WebSocket.
 * Uses the real services (SQLite demo data, NLU, recommender) when they start, else the test fakes (reported).
 */

const CONVERSATIONS = 50;
const MESSAGES = ['hello', 'where is my order {order}', 'can you recommend something?', "I'm looking for candles", 'how long does delivery take?'];
const TIME_BUDGET_MS = 120_000;
const START_BUDGET_MS = 300_000;

interface Mode {
  name: string;
  deps: Partial<Deps>;
  customers: Array<{ id: string; order: string }>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function realMode(config: Config, log: (line: string) => void): Promise<Mode> {
  const { startBotServices } = await import('../../bot/services.js');
  log(`starting real services (data dir ${config.storage.dataDir}; first run loads demo data and trains models)`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`services did not start within ${START_BUDGET_MS / 1000} s`)), START_BUDGET_MS);
  });
  const services = await Promise.race([startBotServices(config, silentLogger()), timeout]).finally(() => clearTimeout(timer));
  const waitUntil = Date.now() + START_BUDGET_MS;
  while (!services.recommenderStatus().fitted && Date.now() < waitUntil) {
    log('waiting for the recommender to finish training in the background');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  const status = services.recommenderStatus();
  const customers: Array<{ id: string; order: string }> = [];
  for (const customer of (await services.store.customers.list({ limit: CONVERSATIONS })).items) {
    const order = (await services.store.orders.listByCustomer(customer.id, { limit: 1 })).items[0];
    customers.push({ id: customer.id, order: order?.id ?? '000000' });
  }
  return { name: `real services (SQLite demo data, NLU, ${status.fitted ? `${status.model} on ${status.backend}` : 'popularity fallback'})`, deps: { store: services.store, nlu: services.nlu, recommendations: services.recommendations, closeServices: services.close }, customers };
}

async function fakeMode(): Promise<Mode> {
  const store = await seededStore();
  return {
    name: 'test fakes (keyword NLU, in-memory store and recommender)',
    deps: { store, nlu: new KeywordNlu(), recommendations: new FakeRecommendations(store) },
    customers: [{ id: 'c-alice', order: '536365' }, { id: 'c-bob', order: '536400' }],
  };
}

async function json(url: string, init: { auth?: string; body?: unknown }): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.auth !== undefined) headers.authorization = `Bearer ${init.auth}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(init.body ?? {}) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function converse(base: string, customer: { id: string; order: string }, deadline: number): Promise<number[]> {
  const { token } = (await json(`${base}/api/demo/token`, { body: { customerId: customer.id } })) as { token: string };
  const started = (await json(`${base}/v3/directline/conversations`, { auth: token })) as { conversationId: string; streamUrl: string };
  const socket = new WebSocket(started.streamUrl);
  const firstReplyAt = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  socket.on('message', (data) => {
    const at = performance.now();
    const set = JSON.parse(String(data)) as { activities: Array<{ replyToId?: string; from: { role?: string } }> };
    for (const activity of set.activities) {
      if (activity.from.role === 'user' || activity.replyToId === undefined || firstReplyAt.has(activity.replyToId)) continue;
      firstReplyAt.set(activity.replyToId, at);
      waiters.get(activity.replyToId)?.(at);
    }
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const latencies: number[] = [];
  try {
    for (const template of MESSAGES) {
      if (performance.now() > deadline) break;
      const sentAt = performance.now();
      const posted = (await json(`${base}/v3/directline/conversations/${started.conversationId}/activities`, {
        auth: token,
        body: { type: 'message', from: { id: customer.id }, text: template.replace('{order}', customer.order) },
      })) as { id: string };
      const at = firstReplyAt.get(posted.id) ?? (await new Promise<number>((resolve) => waiters.set(posted.id, resolve)));
      latencies.push(at - sentAt);
    }
  } finally {
    socket.close();
  }
  return latencies;
}

export async function run(log: (line: string) => void): Promise<string> {
  const dataDir = join(tmpdir(), 'csbot-bot-bench');
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DIRECTLINE_SECRET: 'bench-secret-0123456789' });
  let mode: Mode;
  let fallbackReason = '';
  try {
    mode = await realMode(config, log);
  } catch (error) {
    fallbackReason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    log(`real services unavailable (${fallbackReason}); measuring with the test fakes`);
    mode = await fakeMode();
  }
  const bot: BotServer = await buildServer(config, { logger: silentLogger(), ...mode.deps });
  const { url } = await bot.listen(0, '127.0.0.1');
  try {
    // Warm-up: one conversation, not measured (first NLU/recommender calls compile kernels).
    await converse(url, mode.customers[0] ?? { id: 'warmup', order: '0' }, performance.now() + TIME_BUDGET_MS);
    log(`${CONVERSATIONS} concurrent conversations × ${MESSAGES.length} messages`);
    const started = performance.now();
    const deadline = started + TIME_BUDGET_MS;
    const results = await Promise.all(
      Array.from({ length: CONVERSATIONS }, (_, i) => converse(url, mode.customers[i % mode.customers.length] ?? { id: `guest-${i}`, order: '0' }, deadline)),
    );
    const wallMs = performance.now() - started;
    const latencies = results.flat().sort((a, b) => a - b);
    const f = (ms: number): string => ms.toFixed(0);
    log(`turns ${latencies.length}, p50 ${f(percentile(latencies, 50))} ms, p95 ${f(percentile(latencies, 95))} ms`);
    return [
      '### Bot turn latency over Direct Line (50 concurrent conversations)',
      '',
      '| mode | conversations | turns | p50 ms | p95 ms | max ms | turns/s |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${mode.name} | ${CONVERSATIONS} | ${latencies.length} | ${f(percentile(latencies, 50))} | ${f(percentile(latencies, 95))} | ${f(latencies.at(-1) ?? Number.NaN)} | ${((latencies.length / wallMs) * 1000).toFixed(1)} |`,
      '',
      `Measured: time from POSTing a customer message to \`/v3/directline/conversations/:id/activities\` until the first bot reply arrives on that conversation's WebSocket stream, on 127.0.0.1, ${CONVERSATIONS} conversations in parallel, each sending ${MESSAGES.length} messages in turn (greeting, order status, personalised recommendation, product search, delivery question); one unmeasured warm-up conversation first; bounded to ${TIME_BUDGET_MS / 1000} s.`,
      `Dataset: ${fallbackReason === '' ? 'the demo data (core/importer/demo) loaded into SQLite' : `the bot test fixtures (real services did not start: ${fallbackReason})`}. The machine is shared (2 cores, other jobs running): treat numbers as upper bounds.`,
    ].join('\n');
  } finally {
    await bot.close();
  }
}
