import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type BotAdapter,
  type TurnContext,
} from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import type { WebSocketServer } from 'ws';
import type { Config } from '../core/config.js';
import { createLogger, type Logger } from '../core/logger.js';
import { registerAgentRoutes } from './agentRoutes.js';
import { createBotRuntime, type BotRuntime } from './botRuntime.js';
import type { ConsoleStore } from './console/consoleStore.js';
import { registerConsole } from './console/registerConsole.js';
import { ConversationHub } from './directline/conversationHub.js';
import { DirectLineAdapter } from './directline/directLineAdapter.js';
import { registerDirectLineRoutes } from './directline/directLineRoutes.js';
import { attachDirectLineStream } from './directline/directLineStream.js';
import { DirectLineTokens } from './directline/directLineTokens.js';
import type { FlowBook } from './flows/flowBook.js';
import { FlowBookSource } from './flows/flowBookSource.js';
import type { VariantPicker } from './flows/flowContext.js';
import { installHttpHardening } from './http/installHttpHardening.js';
import { messagesGuard } from './http/messagesGuard.js';
import { installErrorHandler } from './httpErrors.js';
import { createAssertionVerifier } from './identity/customerAssertion.js';
import { hubConversationStarter, registerIdentityRoutes } from './identity/identityRoutes.js';
import type { BotStore, NluService, Recommendations } from './ports.js';
import { createPiiPolicy } from './transcripts/redactPii.js';
import { registerDemoSurfaces } from './web/webRoutes.js';

export const DEFAULT_FLOWS_FILE = fileURLToPath(new URL('./data/flows.yml', import.meta.url));

/** What buildServer needs; tests inject fakes, the default starts the real services (services.ts). */
export interface Deps {
  logger: Logger;
  store: BotStore;
  nlu: NluService;
  recommendations: Recommendations;
  /** Flows to use instead of watching config.bot.flowsFile / bot/data/flows.yml. */
  flows: () => FlowBook;
  pickVariant: VariantPicker;
  /** Released on close (the real services' store and encoder). */
  closeServices: () => Promise<void>;
  /** The console's repositories; default: the real services' store. Without either, /console and /api/console are off. */
  consoleStore: ConsoleStore;
}

export interface BotServer {
  readonly server: Server;
  readonly runtime: BotRuntime;
  readonly hub: ConversationHub;
  readonly tokens: DirectLineTokens;
  listen(port?: number, host?: string): Promise<{ host: string; port: number; url: string }>;
  close(): Promise<void>;
}

function botLogic(runtime: BotRuntime): (context: TurnContext) => Promise<void> {
  return (context) => runtime.bot.run(context);
}

function installTurnErrorHandler(adapter: BotAdapter, logger: Logger): void {
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, conversationId: context.activity.conversation?.id }, 'unhandled error in bot turn');
    try {
      await context.sendActivity('Sorry, something went wrong on my side. Please try again, or ask to talk to a person.');
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not send the error message');
    }
  };
}

function createCloudAdapter(config: Config): CloudAdapter {
  const { appId, appPassword, tenantId, appType } = config.bot;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: appPassword ?? '',
    MicrosoftAppTenantId: tenantId ?? '',
    MicrosoftAppType: appType,
  });
  return new CloudAdapter(auth);
}

/** Creates the restify server with every route (Bot Framework, Direct Line, demo page, agent API). Does not listen. */
export async function buildServer(config: Config, deps: Partial<Deps> = {}): Promise<BotServer> {
  const logger = deps.logger ?? createLogger(config.logging);
  let services: { store: BotStore; nlu: NluService; recommendations: Recommendations; close: () => Promise<void> };
  let consoleStore = deps.consoleStore;
  if (deps.store !== undefined && deps.nlu !== undefined && deps.recommendations !== undefined) {
    services = { store: deps.store, nlu: deps.nlu, recommendations: deps.recommendations, close: deps.closeServices ?? (async () => undefined) };
  } else {
    // Loaded on demand: tests that inject fakes never load TF.js, transformers or the database drivers.
    const { startBotServices } = await import('./services.js');
    const started = await startBotServices(config, logger);
    services = started;
    consoleStore ??= started.store;
  }
  let flowSource: FlowBookSource | undefined;
  let flows = deps.flows;
  if (flows === undefined) {
    const source = new FlowBookSource(config.bot.flowsFile ?? DEFAULT_FLOWS_FILE, logger);
    source.watch();
    flowSource = source;
    flows = () => source.current();
  }
  const runtime = createBotRuntime({
    nlu: services.nlu,
    recommendations: services.recommendations,
    store: services.store,
    logger,
    flows,
    limits: {
      maxMessageChars: config.server.maxMessageChars,
      handoffNegativeTurns: config.bot.handoffNegativeTurns,
      handoffFallbackTurns: config.bot.handoffFallbackTurns,
    },
    redactPii: config.bot.redactPii,
    piiPolicy: createPiiPolicy(config.security.pii),
    ...(deps.pickVariant === undefined ? {} : { pickVariant: deps.pickVariant }),
  });
  if (config.bot.directLineSecret === undefined) {
    logger.warn('DIRECTLINE_SECRET is not set: using a random per-process secret (tokens die with the process; the agent API is unreachable)');
  }
  const tokens = new DirectLineTokens(config.bot.directLineSecret ?? DirectLineTokens.randomSecret(), config.bot.directLineTokenTtlSeconds);
  const hub = new ConversationHub();
  const directLineAdapter = new DirectLineAdapter(hub);
  const cloudAdapter = createCloudAdapter(config);
  for (const adapter of [cloudAdapter, directLineAdapter]) {
    adapter.use(runtime.transcriptMiddleware);
    installTurnErrorHandler(adapter, logger);
  }
  const logic = botLogic(runtime);

  const server = restify.createServer({ name: 'csbot', handleUncaughtExceptions: false, log: logger.child({ component: 'restify' }) });
  installErrorHandler(server, logger);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const hardening = installHttpHardening(server, config.http, { logger, isServiceCredential: (credential) => tokens.isSecret(credential) });

  server.post('/api/messages', messagesGuard({ appId: config.bot.appId, allowAnonymous: config.security.allowAnonymousMessages }, logger), async (req: Request, res: Response) => {
    await cloudAdapter.process(req as Parameters<CloudAdapter['process']>[0], res, logic);
  });
  registerDirectLineRoutes(server, { hub, adapter: directLineAdapter, tokens, logic, publicUrl: config.server.publicUrl, logger });
  registerDemoSurfaces(server, config.security.demoMode, { store: services.store, hub, tokens }, logger);
  registerIdentityRoutes(server, { verifier: await createAssertionVerifier(config.security.identity), startConversation: hubConversationStarter(hub, tokens), logger });
  registerAgentRoutes(server, { store: services.store, hub, tokens, transcriptStore: runtime.transcriptStore });
  if (consoleStore !== undefined) await registerConsole(server, { store: consoleStore, config: config.console, logger, flushTranscripts: () => runtime.transcriptStore.flush() });
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { ok: true });
  });
  const streams: WebSocketServer = attachDirectLineStream(server.server, { hub, tokens, logger });

  let closed = false;
  return {
    server,
    runtime,
    hub,
    tokens,
    listen: (port = config.server.port, host = config.server.host) =>
      new Promise((resolve) => {
        server.listen(port, host, () => {
          const address = server.server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ host: address.address, port: address.port, url: `http://${shownHost}:${address.port}` });
        });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      flowSource?.close();
      for (const client of streams.clients) client.terminate();
      streams.close();
      if (server.server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.transcriptStore.flush();
      await hardening.close();
      await services.close();
    },
  };
}
